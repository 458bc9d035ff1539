// Runs a program to its end and collects what it printed: for the tests that run node (the browser test) or the todo
// program itself.
#pragma once

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

extern char** environ;

namespace todo_test {

struct ProcessResult {
    int status = -1;     // the exit status, or -1 when the process did not exit normally
    std::string output;  // stdout and stderr, interleaved as written
};

// Runs `argv` (argv[0] a path) to its end and returns its exit status and everything it printed.
inline ProcessResult run_process(const std::vector<std::string>& argv) {
    std::array<int, 2> pipe_fds{};
    if (pipe(pipe_fds.data()) != 0) {
        throw std::runtime_error(fmt::format("pipe: {}", std::strerror(errno)));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
    std::vector<char*> args;
    for (const std::string& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    if (spawned != 0) {
        close(pipe_fds[0]);
        throw std::runtime_error(fmt::format("cannot start {}: {}", argv[0], std::strerror(spawned)));
    }
    ProcessResult result;
    std::array<char, 4096> buffer{};
    for (;;) {
        const ssize_t n = read(pipe_fds[0], buffer.data(), buffer.size());
        if (n > 0) {
            result.output.append(buffer.data(), static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
            break;
        }
    }
    close(pipe_fds[0]);
    int wait_status = 0;
    while (waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
    }
    result.status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
    if (WIFSIGNALED(wait_status)) {
        result.output += fmt::format("\n(killed by signal {})", WTERMSIG(wait_status));
    }
    return result;
}

}  // namespace todo_test
