// The order in which create_all creates a set of tables so that each foreign key finds the table it references,
// and drop_all drops them (the reverse): a pure function of the tables' descriptions.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include <roachorm/orm/mapping/model.hpp>

namespace orm::sql {

// The positions of `tables` in creation order: each table after every other listed table one of its foreign keys
// references, and otherwise in the order given (so an order that already works is kept). A reference to the table
// itself needs nothing; a reference to a table that is not listed is taken to exist already.
//
// Two different models cannot reference each other, so a cycle never comes from declarations alone: a foreign key
// names `&Other::member`, which needs Other's definition complete, and of two models that reference each other one
// would have to be complete before the other. So every table can be created with its foreign keys inline and no
// ALTER TABLE ... ADD CONSTRAINT step is needed. Two models mapped to one table name can still close a cycle by
// name; that throws orm::Error naming the tables.
std::vector<std::size_t> creation_order(std::span<const TableInfo* const> tables);

}  // namespace orm::sql
