// The one header applications include: models, types, errors, dialects and the Database.
// See README.md for a first program and docs/ for the design.
#pragma once

#include <dialect/cockroachdb.hpp>
#include <dialect/dialect.hpp>
#include <dialect/postgresql.hpp>
#include <orm/column_traits.hpp>
#include <orm/connection.hpp>
#include <orm/database.hpp>
#include <orm/error.hpp>
#include <orm/model.hpp>
#include <orm/table_operations.hpp>
#include <orm/types.hpp>
#include <orm/uuid.hpp>
