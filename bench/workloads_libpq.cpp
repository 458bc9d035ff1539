// The workloads written against raw libpq, the baseline: statements prepared once per connection (PQprepare),
// run with PQexecPrepared and text parameters, BEGIN/COMMIT through PQexec, one multi-row INSERT per chunk.
#include <charconv>
#include <map>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/format.h>
#include <libpq-fe.h>

#include "handwritten_sql.hpp"
#include "implementation.hpp"

namespace bench {
namespace {

using handwritten::dollar;
using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

struct Point {
    std::int64_t id;
    double x;
    double y;
    double z;
};

template <class Number>
Number parse(const char* text) {
    Number value{};
    const char* end = text + std::char_traits<char>::length(text);
    if (const auto [ptr, error] = std::from_chars(text, end, value); error != std::errc{} || ptr != end) {
        throw std::runtime_error(fmt::format("libpq: unexpected number '{}'", text));
    }
    return value;
}

// Writes `value`'s shortest round-trip text at `out` and NUL-terminates it; returns the end.
template <class Number>
char* format_into(char* out, char* limit, Number value) {
    const auto [end, error] = std::to_chars(out, limit - 1, value);
    if (error != std::errc{}) {
        throw std::runtime_error("libpq: parameter buffer too small");
    }
    *end = '\0';
    return end + 1;
}

class Libpq final : public Implementation {
public:
    explicit Libpq(const Setup& setup) : setup_(setup), connection_(PQconnectdb(setup.conninfo.c_str()), PQfinish) {
        if (PQstatus(connection_.get()) != CONNECTION_OK) {
            throw std::runtime_error(fmt::format("libpq: cannot connect: {}", PQerrorMessage(connection_.get())));
        }
        prepare("select_account", handwritten::select_account(dollar));
        prepare("update_balance", handwritten::update_balance(dollar));
        prepare("delete_accounts", handwritten::delete_accounts(dollar));
        prepare("scan_points", handwritten::scan_points(dollar));
        prepare("post_listing", handwritten::post_listing(dollar));
    }

    std::int64_t lookup(std::size_t account) override {
        simple(setup_.begin);
        const std::int64_t balance = read_balance(setup_.account_ids[account]);
        simple(setup_.commit);
        return balance;
    }

    void transfer(std::size_t from, std::size_t to) override {
        transfer(setup_.account_ids[from], setup_.account_ids[to]);
    }

    std::size_t bulk_insert() override {
        const std::span<const PointValues> all(setup_.points);
        std::vector<Point> points;
        points.reserve(all.size());
        for (std::size_t first = 0; first < all.size(); first += setup_.rows_per_transaction) {
            const auto chunk = all.subspan(first, std::min(setup_.rows_per_transaction, all.size() - first));
            // Shortest round-trip text is at most 24 characters plus the NUL for a double.
            text_.resize(chunk.size() * 3 * 25);
            values_.clear();
            char* out = text_.data();
            char* const limit = text_.data() + text_.size();
            for (const PointValues& point : chunk) {
                for (const double value : {point.x, point.y, point.z}) {
                    values_.push_back(out);
                    out = format_into(out, limit, value);
                }
            }
            simple(setup_.begin);
            const Result ids = run(insert_points(chunk.size()), values_);
            for (int row = 0; row < PQntuples(ids.get()); ++row) {
                const PointValues& point = chunk[static_cast<std::size_t>(row)];
                points.push_back({parse<std::int64_t>(PQgetvalue(ids.get(), row, 0)), point.x, point.y, point.z});
            }
            simple(setup_.commit);
        }
        return points.size();
    }

    std::uint64_t bank(const BankInput& input) override {
        text_.resize(input.ids.size() * 21);
        values_.clear();
        char* out = text_.data();
        char* const limit = text_.data() + text_.size();
        for (std::size_t i = 0; i < input.ids.size(); ++i) {
            values_.push_back(input.ids[i].c_str());
            values_.push_back(out);
            out = format_into(out, limit, input.balances[i]);
        }
        simple(setup_.begin);
        run(insert_accounts(input.ids.size()), values_);
        simple(setup_.commit);

        transfer(input.ids[input.transfer_from], input.ids[input.transfer_to]);

        const std::string doomed = handwritten::uuid_array(input.doomed);
        const char* const params[] = {doomed.c_str()};
        simple(setup_.begin);
        const Result deleted = run("delete_accounts", params);
        simple(setup_.commit);
        return parse<std::uint64_t>(PQcmdTuples(deleted.get()));
    }

    std::size_t scan() override {
        char limit[24];
        format_into(limit, limit + sizeof limit, setup_.scan_rows);
        const char* const params[] = {limit};
        simple(setup_.begin);
        const Result rows = run("scan_points", params);
        std::vector<Point> points;
        points.reserve(static_cast<std::size_t>(PQntuples(rows.get())));
        for (int row = 0; row < PQntuples(rows.get()); ++row) {
            points.push_back(
                {parse<std::int64_t>(PQgetvalue(rows.get(), row, 0)), parse<double>(PQgetvalue(rows.get(), row, 1)),
                 parse<double>(PQgetvalue(rows.get(), row, 2)), parse<double>(PQgetvalue(rows.get(), row, 3))});
        }
        simple(setup_.commit);
        return points.size();
    }

    std::vector<PostListing> join_aggregate(std::int64_t after) override {
        char after_text[24];
        char limit[24];
        format_into(after_text, after_text + sizeof after_text, after);
        format_into(limit, limit + sizeof limit, setup_.page_rows);
        const char* const params[] = {after_text, after_text, limit};
        simple(setup_.begin);
        const Result rows = run("post_listing", params);
        std::vector<PostListing> page;
        page.reserve(static_cast<std::size_t>(PQntuples(rows.get())));
        for (int row = 0; row < PQntuples(rows.get()); ++row) {
            page.push_back({PQgetvalue(rows.get(), row, 0), PQgetvalue(rows.get(), row, 1),
                            parse<std::int64_t>(PQgetvalue(rows.get(), row, 2))});
        }
        simple(setup_.commit);
        return page;
    }

private:
    void transfer(const std::string& from, const std::string& to) {
        simple(setup_.begin);
        const std::int64_t source = read_balance(from);
        const std::int64_t target = read_balance(to);
        const std::int64_t amount = transfer_amount(source);
        write_balance(from, source - amount);
        write_balance(to, target + amount);
        simple(setup_.commit);
    }

    std::int64_t read_balance(const std::string& id) {
        const char* const params[] = {id.c_str()};
        const Result row = run("select_account", params);
        if (PQntuples(row.get()) != 1) {
            throw std::runtime_error(fmt::format("libpq: no account {}", id));
        }
        return parse<std::int64_t>(PQgetvalue(row.get(), 0, 1));
    }

    void write_balance(const std::string& id, std::int64_t balance) {
        char text[24];
        format_into(text, text + sizeof text, balance);
        const char* const params[] = {text, id.c_str()};
        run("update_balance", params);
    }

    void prepare(const std::string& name, const std::string& sql) {
        check(Result(PQprepare(connection_.get(), name.c_str(), sql.c_str(), 0, nullptr), PQclear), sql);
    }

    // The name of the multi-row INSERT of `rows` rows, prepared the first time that size is needed.
    const std::string& insert_points(std::size_t rows) {
        return prepared(point_inserts_, "insert_points", rows, handwritten::insert_points);
    }
    const std::string& insert_accounts(std::size_t rows) {
        return prepared(account_inserts_, "insert_accounts", rows, handwritten::insert_accounts);
    }

    const std::string& prepared(std::map<std::size_t, std::string>& names, std::string_view kind, std::size_t rows,
                                std::string (*sql)(handwritten::Placeholders, std::size_t)) {
        const auto [entry, inserted] = names.try_emplace(rows);
        if (inserted) {
            entry->second = fmt::format("{}_{}", kind, rows);
            prepare(entry->second, sql(dollar, rows));
        }
        return entry->second;
    }

    Result run(const std::string& name, std::span<const char* const> params) {
        return check(Result(PQexecPrepared(connection_.get(), name.c_str(), static_cast<int>(params.size()),
                                           params.data(), nullptr, nullptr, 0),
                            PQclear),
                     name);
    }

    void simple(const std::string& sql) { check(Result(PQexec(connection_.get(), sql.c_str()), PQclear), sql); }

    Result check(Result result, std::string_view what) {
        const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            throw std::runtime_error(
                fmt::format("libpq: {} failed: {}", what,
                            result ? PQresultErrorMessage(result.get()) : PQerrorMessage(connection_.get())));
        }
        return result;
    }

    const Setup& setup_;
    std::unique_ptr<PGconn, decltype(&PQfinish)> connection_;
    std::map<std::size_t, std::string> point_inserts_;
    std::map<std::size_t, std::string> account_inserts_;
    // Parameter text and pointers, reused from one statement to the next.
    std::vector<char> text_;
    std::vector<const char*> values_;
};

}  // namespace

std::unique_ptr<Implementation> make_libpq(const Setup& setup) {
    return std::make_unique<Libpq>(setup);
}

}  // namespace bench
