// The one header applications include: models, types, errors, dialects, the Database and run_transaction.
// See README.md for a first program and docs/ for the design.
#pragma once

#include <dialect/cockroachdb.hpp>
#include <dialect/dialect.hpp>
#include <dialect/postgresql.hpp>
#include <orm/column_traits.hpp>
#include <orm/connection.hpp>
#include <orm/database.hpp>
#include <orm/error.hpp>
#include <orm/expression.hpp>
#include <orm/insert_chunked.hpp>
#include <orm/model.hpp>
#include <orm/query.hpp>
#include <orm/session.hpp>
#include <orm/table_operations.hpp>
#include <orm/transaction.hpp>
#include <orm/types.hpp>
#include <orm/uuid.hpp>
