// Concurrent bank transfers through run_transaction while a test breaks the server under them (a restart, a failover),
// and the check of their outcomes against the ledger: what was acknowledged landed once, what failed never did.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <ostream>
#include <random>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <roachorm/models/account.hpp>
#include <roachorm/orm/orm.hpp>

#include "bank.hpp"

namespace roachorm_test {

using WorkloadClock = std::chrono::steady_clock;

enum class TransferOutcome { success, failed, ambiguous, unexpected };

// One run_transaction call moving an amount between two accounts, with a ledger row under the transfer's own id.
struct Transfer {
    orm::uuid id;
    int phase = 0;  // the workload's phase when the transfer began (see TransferWorkload::advance_phase)
    TransferOutcome outcome = TransferOutcome::success;
    int calls = 0;                    // callback runs
    int retries = 0;                  // on_retry events
    int retries_after_last_call = 0;  // on_retry events since the callback last ran
    WorkloadClock::time_point ended{};
    std::string kind{};  // when it threw: the exception type (and SQLSTATE)
    std::string message{};
};

// Threads of random transfers between `accounts`, each run by run_transaction with the given options (the workload
// sets their on_retry). The test moves the workload through phases (before the fault, after it, ...) and each thread
// stops once it has `successes_in_last_phase` successes begun in the last one, or at the deadline.
class TransferWorkload {
public:
    struct Settings {
        int threads = 4;
        int last_phase = 1;
        int successes_in_last_phase = 20;
        int max_transfers_per_thread = 20'000;
        WorkloadClock::time_point deadline{};
        orm::TransactionOptions options{};
    };

    TransferWorkload(orm::Database& database, std::vector<orm::uuid> accounts, Settings settings)
        : database_(database),
          accounts_(std::move(accounts)),
          settings_(std::move(settings)),
          results_(static_cast<std::size_t>(settings_.threads)) {
        for (int t = 0; t < settings_.threads; ++t) {
            workers_.emplace_back([this, t](const std::stop_token& stop) { run(t, stop); });
        }
    }

    TransferWorkload(const TransferWorkload&) = delete;
    TransferWorkload& operator=(const TransferWorkload&) = delete;

    // False when the deadline came first.
    bool wait_for_successes(int count) const {
        while (successes_ < count && WorkloadClock::now() < settings_.deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return successes_ >= count;
    }

    // Transfers begun from now on belong to the next phase; returns when that was.
    WorkloadClock::time_point advance_phase() {
        ++phase_;
        return WorkloadClock::now();
    }

    // Waits for every thread to stop (after its successes in the last phase, or at the deadline).
    void join() {
        for (auto& worker : workers_) {
            worker.join();
        }
    }

    // After join(): each thread's transfers, in order.
    const std::vector<std::vector<Transfer>>& results() const { return results_; }
    int successes() const { return successes_; }
    int lost_connection_retries() const { return lost_connection_retries_; }
    int conflict_retries() const { return conflict_retries_; }
    int connection_waits() const { return connection_waits_; }

private:
    void run(int thread, const std::stop_token& stop) {
        std::mt19937 random(static_cast<unsigned>(thread));
        std::uniform_int_distribution<std::size_t> pick(0, accounts_.size() - 1);
        std::vector<Transfer>& transfers = results_[static_cast<std::size_t>(thread)];
        int in_last_phase = 0;
        for (int i = 0; i < settings_.max_transfers_per_thread && in_last_phase < settings_.successes_in_last_phase &&
                        !stop.stop_requested() && WorkloadClock::now() < settings_.deadline;
             ++i) {
            const orm::uuid from = accounts_[pick(random)];
            orm::uuid to = accounts_[pick(random)];
            while (to == from) {
                to = accounts_[pick(random)];
            }
            const std::int64_t amount = static_cast<std::int64_t>(pick(random)) + 1;
            Transfer transfer{.id = orm::uuid::random(),
                              .phase = phase_.load(),
                              .outcome = TransferOutcome::success,
                              .calls = 0,
                              .retries = 0,
                              .retries_after_last_call = 0,
                              .ended = {},
                              .kind = {},
                              .message = {}};
            orm::TransactionOptions options = settings_.options;
            options.on_retry = [&](const orm::RetryEvent& event) {
                ++transfer.retries;
                ++transfer.retries_after_last_call;
                switch (event.reason) {
                    case orm::RetryReason::server_asked:
                        ++conflict_retries_;
                        break;
                    case orm::RetryReason::connection_lost:
                        ++lost_connection_retries_;
                        break;
                    case orm::RetryReason::cannot_connect:
                        ++connection_waits_;
                        break;
                }
            };
            try {
                orm::run_transaction(
                    database_,
                    [&](orm::Session& session) {
                        ++transfer.calls;
                        transfer.retries_after_last_call = 0;
                        session.get<models::Account>(from)->balance -= amount;
                        session.get<models::Account>(to)->balance += amount;
                        session.add(
                            Ledger{.id = transfer.id, .from_account = from, .to_account = to, .amount = amount});
                    },
                    options);
                ++successes_;
                in_last_phase += transfer.phase == settings_.last_phase ? 1 : 0;
            } catch (const orm::AmbiguousCommitError& error) {
                end(transfer, TransferOutcome::ambiguous, "AmbiguousCommitError", error.what());
            } catch (const orm::ConnectionError& error) {
                end(transfer, TransferOutcome::failed, "ConnectionError", error.what());
            } catch (const orm::RetryLimitExceeded& error) {
                end(transfer, TransferOutcome::failed, "RetryLimitExceeded", error.what());
            } catch (const orm::DatabaseError& error) {
                end(transfer, TransferOutcome::failed, "DatabaseError " + error.sqlstate(), error.what());
            } catch (const orm::Error& error) {
                end(transfer, TransferOutcome::failed, "Error", error.what());
            } catch (const std::exception& error) {
                end(transfer, TransferOutcome::unexpected, "std::exception", error.what());
            }
            transfer.ended = WorkloadClock::now();
            if (transfer.outcome != TransferOutcome::success) {
                std::this_thread::sleep_for(std::chrono::milliseconds(10));  // the client's pause before its next one
            }
            transfers.push_back(std::move(transfer));
        }
    }

    static void end(Transfer& transfer, TransferOutcome how, std::string kind, std::string message) {
        transfer.outcome = how;
        transfer.kind = std::move(kind);
        transfer.message = std::move(message);
    }

    orm::Database& database_;
    const std::vector<orm::uuid> accounts_;
    const Settings settings_;
    std::vector<std::vector<Transfer>> results_;
    std::atomic<int> phase_ = 0;
    std::atomic<int> successes_ = 0;
    std::atomic<int> lost_connection_retries_ = 0;
    std::atomic<int> conflict_retries_ = 0;
    std::atomic<int> connection_waits_ = 0;  // waits for a connection, which run no callback
    std::vector<std::jthread> workers_;      // last: destroyed first, which stops and joins them before the rest goes
};

// The transfers' outcomes set against the ledger that `reader` sees.
struct TransferTally {
    int succeeded = 0, failed = 0, failed_after_a_retry = 0, ambiguous = 0, ambiguous_landed = 0, unexpected = 0;
    int lost_successes = 0;    // acknowledged, but not in the ledger
    int applied_failures = 0;  // reported failed, but in the ledger
    std::map<int, int> succeeded_in_phase;
    std::map<std::string, int> failure_kinds;
    std::map<std::string, std::string> first_message;  // of each exception kind
    std::size_t ledger_rows = 0;

    TransferTally(const std::vector<std::vector<Transfer>>& results, orm::Connection& reader,
                  const std::vector<orm::uuid>& accounts, std::int64_t initial_balance) {
        std::unordered_set<orm::uuid> landed;
        std::map<orm::uuid, std::int64_t> expected_balance;
        for (const auto& id : accounts) {
            expected_balance[id] = initial_balance;
        }
        const auto ledger = orm::table::select_all<Ledger>(reader);
        ledger_rows = ledger.size();
        for (const Ledger& row : ledger) {
            landed.insert(row.id);
            expected_balance[row.from_account] -= row.amount;
            expected_balance[row.to_account] += row.amount;
        }
        for (const auto& thread_results : results) {
            for (const Transfer& transfer : thread_results) {
                count(transfer, landed.contains(transfer.id));
            }
        }
        std::int64_t sum = 0;
        for (const auto& account : orm::table::select_all<models::Account>(reader)) {
            sum += account.balance;
            EXPECT_EQ(account.balance, expected_balance[account.id])
                << "an account's balance disagrees with its ledger rows: a transfer landed in part";
        }
        EXPECT_EQ(sum, static_cast<std::int64_t>(accounts.size()) * initial_balance);
        EXPECT_EQ(lost_successes, 0) << "a transfer that run_transaction reported committed is missing";
        EXPECT_EQ(applied_failures, 0) << "a transfer that run_transaction reported failed was applied";
        EXPECT_EQ(unexpected, 0) << "run_transaction threw something other than an orm::Error";
        EXPECT_EQ(ledger_rows, static_cast<std::size_t>(succeeded + ambiguous_landed))
            << "the ledger holds rows of transfers nobody ran";
    }

    // "<label>: N succeeded (M begun after the <fault>), ...", then each failure kind and each first message.
    void print(std::ostream& out, std::string_view label, std::string_view fault, int last_phase,
               const TransferWorkload& workload) const {
        const auto after = succeeded_in_phase.find(last_phase);
        out << label << ": " << succeeded << " succeeded (" << (after == succeeded_in_phase.end() ? 0 : after->second)
            << " begun after the " << fault << "), " << failed << " failed (" << failed_after_a_retry
            << " of them after a retry), " << ambiguous << " ambiguous (" << ambiguous_landed << " landed), "
            << unexpected << " unexpected; retries: " << workload.lost_connection_retries()
            << " after a lost connection, " << workload.conflict_retries() << " after a conflict; "
            << workload.connection_waits() << " waits for a connection\n";
        for (const auto& [kind, number] : failure_kinds) {
            out << "  failed with " << kind << ": " << number << "\n";
        }
        for (const auto& [kind, message] : first_message) {
            out << "  first " << kind << ": " << message << "\n";
        }
    }

private:
    void count(const Transfer& transfer, bool in_ledger) {
        switch (transfer.outcome) {
            case TransferOutcome::success:
                ++succeeded;
                ++succeeded_in_phase[transfer.phase];
                lost_successes += in_ledger ? 0 : 1;
                return;
            case TransferOutcome::failed:
                ++failed;
                failed_after_a_retry += transfer.retries > 0 ? 1 : 0;
                applied_failures += in_ledger ? 1 : 0;
                ++failure_kinds[transfer.kind];
                break;
            case TransferOutcome::ambiguous:
                ++ambiguous;
                ambiguous_landed += in_ledger ? 1 : 0;
                break;
            case TransferOutcome::unexpected:
                ++unexpected;
                break;
        }
        first_message.try_emplace(transfer.kind, transfer.message);
    }
};

}  // namespace roachorm_test
