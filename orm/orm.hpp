// The one header applications include: models, types, errors, dialects, the Database and run_transaction.
// See README.md for a first program and docs/ for the design.
#pragma once

#include <roachorm/dialect/cockroachdb.hpp>
#include <roachorm/dialect/dialect.hpp>
#include <roachorm/dialect/postgresql.hpp>
#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/core/types.hpp>
#include <roachorm/orm/core/uuid.hpp>
#include <roachorm/orm/execution/connection.hpp>
#include <roachorm/orm/execution/database.hpp>
#include <roachorm/orm/mapping/column_traits.hpp>
#include <roachorm/orm/mapping/model.hpp>
#include <roachorm/orm/session/aggregates.hpp>
#include <roachorm/orm/session/conditions.hpp>
#include <roachorm/orm/session/expression.hpp>
#include <roachorm/orm/session/query.hpp>
#include <roachorm/orm/session/session.hpp>
#include <roachorm/orm/session/subquery.hpp>
#include <roachorm/orm/session/table_operations.hpp>
#include <roachorm/orm/transaction/insert_chunked.hpp>
#include <roachorm/orm/transaction/transaction.hpp>
