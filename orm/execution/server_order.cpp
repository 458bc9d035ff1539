// ServerOrder: round-robin over the servers, stable-partitioned so that the ones that failed recently come last.
#include <roachorm/orm/execution/server_order.hpp>

#include <algorithm>

namespace orm {

ServerOrder::ServerOrder(std::vector<std::string> servers)
    : servers_(std::move(servers)), failed_at_(servers_.size(), Clock::time_point{}) {}

bool ServerOrder::failed_recently(std::size_t server, Clock::time_point at) const {
    return failed_at_[server] != Clock::time_point{} && at - failed_at_[server] < kFailureMemory;
}

std::vector<std::size_t> ServerOrder::next(Clock::time_point at) {
    std::vector<std::size_t> order(servers_.size());
    std::lock_guard lock(mutex_);
    if (order.empty()) {
        return order;
    }
    const std::size_t first = next_first_++ % order.size();
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = (first + i) % order.size();
    }
    std::ranges::stable_partition(order, [&](std::size_t server) { return !failed_recently(server, at); });
    return order;
}

void ServerOrder::connected(std::span<const std::size_t> order, std::string_view server, Clock::time_point at) {
    std::lock_guard lock(mutex_);
    const auto answered = std::ranges::find_if(order, [&](std::size_t tried) { return servers_.at(tried) == server; });
    if (answered == order.end()) {
        return;  // libpq names the server otherwise than the URL does: nothing is known about the others
    }
    for (auto tried = order.begin(); tried != answered; ++tried) {
        failed_at_[*tried] = at;
    }
    failed_at_[*answered] = Clock::time_point{};
}

void ServerOrder::failed(std::string_view server, Clock::time_point at) {
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < servers_.size(); ++i) {
        if (servers_[i] == server) {
            failed_at_[i] = at;
        }
    }
}

}  // namespace orm
