// orm::insert_chunked: loads many rows a transaction per chunk, the way CockroachDB advises for big loads (about
// 1000 rows a transaction keeps each one's write intents small). Each chunk is one multi-row INSERT.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/execution/database.hpp>
#include <roachorm/orm/transaction/transaction.hpp>

namespace orm {

struct ChunkProgress {
    std::size_t rows_written;  // so far, this chunk included
    std::size_t rows_total;
};

// INSERTs `objects` in run_transaction calls of `rows_per_transaction` rows each and fills in the keys the server
// assigned. A chunk that must be retried is retried whole. On failure run_transaction's exception propagates
// unchanged; the chunks committed before it stay committed, and on_chunk has reported each of them.
// Returns the number of rows written.
template <Model T>
std::size_t insert_chunked(Database& database, std::span<T> objects, std::size_t rows_per_transaction = 1000,
                           const std::function<void(const ChunkProgress&)>& on_chunk = {}) {
    if (rows_per_transaction == 0) {
        throw Error("insert_chunked: rows_per_transaction must be at least 1");
    }
    std::size_t written = 0;
    while (written < objects.size()) {
        const auto chunk = objects.subspan(written, std::min(rows_per_transaction, objects.size() - written));
        if constexpr (model_traits<T>::has_composite_key) {
            // A composite key is always the application's: there is no assigned key to copy back.
            run_transaction(database, [&](Session& session) { session.add_all(chunk); });
        } else {
            const std::vector<key_type_t<T>> keys = run_transaction(database, [&](Session& session) {
                const std::vector<T*> added = session.add_all(chunk);
                session.flush();
                std::vector<key_type_t<T>> assigned;
                assigned.reserve(added.size());
                for (const T* object : added) {
                    assigned.push_back(boost::pfr::get<model_traits<T>::key_index>(*object));
                }
                return assigned;
            });
            for (std::size_t i = 0; i < chunk.size(); ++i) {
                boost::pfr::get<model_traits<T>::key_index>(chunk[i]) = keys[i];
            }
        }
        written += chunk.size();
        if (on_chunk) {
            on_chunk({written, objects.size()});
        }
    }
    return written;
}

}  // namespace orm
