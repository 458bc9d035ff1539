// The columns of a constraint a model declares, by the constraint's name: a constraint violation names its table
// and constraint but not its columns, so they are added from the model of the statement that failed.
#pragma once

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/mapping/model.hpp>

namespace orm {

// Names the columns of `violation`'s constraint when it is one `table` declares (its key, a unique constraint, a
// foreign key or a unique index) and the server named no other table; otherwise leaves the violation as it is.
void name_declared_columns(const TableInfo& table, ConstraintViolation& violation);

}  // namespace orm
