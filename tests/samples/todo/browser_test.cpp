// The to-do app in a real browser (issue 18): todo::Server on the test's own database, driven by headless chromium
// through tests/browser/todo.mjs (list, empty form, three to-dos, done, delete, reload, a hostile title).
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "server.hpp"
#include "test_server.hpp"
#include "todo.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;

// Set by tests/CMakeLists.txt: node as CMake found it (or ...-NOTFOUND), the script, and where artifacts are kept.
constexpr const char* kNode = ROACHORM_NODE;
constexpr const char* kScript = ROACHORM_TODO_BROWSER_SCRIPT;
constexpr const char* kArtifactDir = ROACHORM_TEST_ARTIFACT_DIR;
constexpr const char* kChromium = "/usr/bin/chromium";

struct ProcessResult {
    int status = -1;     // the exit status, or -1 when the process did not exit normally
    std::string output;  // stdout and stderr, interleaved as written
};

// Runs `argv` (argv[0] a path) to its end and returns its exit status and everything it printed.
ProcessResult run_process(const std::vector<std::string>& argv) {
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

// The server serving on a thread of its own for the test's duration; stopped and joined however the test ends.
class RunningServer {
public:
    explicit RunningServer(orm::Database& database) : server_(database), thread_([this] { server_.run(); }) {}
    ~RunningServer() {
        server_.stop();
        thread_.join();
    }
    RunningServer(const RunningServer&) = delete;
    RunningServer& operator=(const RunningServer&) = delete;

    std::string address() const { return server_.address(); }

private:
    todo::Server server_;
    std::thread thread_;
};

bool is_executable(const fs::path& path) {
    return fs::is_regular_file(path) && access(path.c_str(), X_OK) == 0;
}

// What the browser test needs from scripts/setup; empty when everything is there. Never a skip: a machine that
// cannot run the test fails it, with what to do.
std::string missing_prerequisites() {
    std::string missing;
    if (!is_executable(kNode)) {
        missing += fmt::format("\n- node (CMake found '{}'; configure again after installing it)", kNode);
    }
    if (!is_executable(kChromium)) {
        missing += fmt::format("\n- {} (Debian's chromium package)", kChromium);
    }
    const fs::path playwright = fs::path(kScript).parent_path() / "node_modules" / "playwright-core" / "package.json";
    if (!fs::exists(playwright)) {
        missing += fmt::format("\n- {} (npm ci in tests/browser)", playwright.parent_path().string());
    }
    return missing;
}

bool starts_with_png_signature(const fs::path& path) {
    constexpr std::array<unsigned char, 8> signature{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    std::ifstream file(path, std::ios::binary);
    std::array<char, 8> head{};
    if (!file.read(head.data(), head.size())) {
        return false;
    }
    for (std::size_t i = 0; i < signature.size(); ++i) {
        if (static_cast<unsigned char>(head[i]) != signature[i]) {
            return false;
        }
    }
    return true;
}

TEST(TodoBrowser, ListFormDoneDeleteReloadAndHostileTitleInChromium) {
    const std::string missing = missing_prerequisites();
    ASSERT_TRUE(missing.empty()) << "the browser test cannot run: run scripts/setup, which installs what is missing:"
                                 << missing;

    const fs::path screenshot = fs::path(kArtifactDir) / "todo-list.png";
    fs::create_directories(screenshot.parent_path());
    fs::remove(screenshot);  // a screenshot left by an earlier run must not pass for this run's

    orm::Database database(roachorm_test::server_url());
    database.create_all<todo::Todo>();  // as the todo program does before it serves
    ProcessResult result;
    {
        RunningServer server(database);
        result = run_process({kNode, kScript, "--url", server.address(), "--screenshot", screenshot.string()});
    }
    ASSERT_EQ(result.status, 0) << "tests/browser/todo.mjs failed; it printed:\n" << result.output;
    std::cout << result.output;
    EXPECT_TRUE(starts_with_png_signature(screenshot)) << screenshot << " is missing or not a PNG file";
}

}  // namespace
