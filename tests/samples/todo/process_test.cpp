// The todo program as a user runs it: --help, one clear line and a non-zero exit for a bad URL, an unreachable
// database or a busy port, and a clean stop on SIGTERM and SIGINT that reports what it served.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "process.hpp"
#include "running_server.hpp"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using todo_test::run_process;

constexpr const char* todo_program = ROACHORM_SAMPLE_TODO;

int lines_in(const std::string& text) {
    int lines = 0;
    for (const char c : text) {
        lines += c == '\n' ? 1 : 0;
    }
    return lines;
}

TEST(TodoProgram, HelpNamesTheOptions) {
    const auto result = run_process({todo_program, "--help"});
    EXPECT_EQ(result.status, 0);
    for (const char* option : {"--url", "--port", "--host", "--pool-size", "--echo"}) {
        EXPECT_THAT(result.output, HasSubstr(option));
    }
}

TEST(TodoProgram, ABadUrlOrAnUnreachableDatabaseIsOneLineAndExitStatus1) {
    const auto bad = run_process({todo_program, "--url", "mysql://nowhere/db", "--port", "0"});
    EXPECT_EQ(bad.status, 1);
    EXPECT_EQ(lines_in(bad.output), 1) << bad.output;
    EXPECT_THAT(bad.output, HasSubstr("todo: "));

    const auto unreachable =
        run_process({todo_program, "--url", "postgresql://me:hunter2@127.0.0.1:1/db?connect_timeout=2", "--port", "0"});
    EXPECT_EQ(unreachable.status, 1);
    EXPECT_EQ(lines_in(unreachable.output), 1) << unreachable.output;
    EXPECT_THAT(unreachable.output, HasSubstr("127.0.0.1:1"));
    EXPECT_THAT(unreachable.output, Not(HasSubstr("hunter2")));
}

TEST(TodoProgram, ABusyPortIsOneLineAndExitStatus1) {
    todo_test::RunningServer running;
    const auto result = run_process(
        {todo_program, "--url", roachorm_test::server_url(), "--port", std::to_string(running.server().port())});
    EXPECT_EQ(result.status, 1);
    EXPECT_EQ(lines_in(result.output), 1) << result.output;
    EXPECT_THAT(result.output, HasSubstr("cannot listen on 127.0.0.1:"));
}

// Starts the program on a free port with its output in a file, serves one request, sends `signal`, and expects a
// clean exit that reports the request.
void serve_one_request_then_stop_with(int signal) {
    const std::string output_path = ::testing::TempDir() + "todo-program-" + std::to_string(getpid()) + ".out";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const std::string url = roachorm_test::server_url();
    std::vector<char*> args{const_cast<char*>(todo_program), const_cast<char*>("--url"), const_cast<char*>(url.c_str()),
                            const_cast<char*>("--port"),     const_cast<char*>("0"),     nullptr};
    pid_t pid = 0;
    ASSERT_EQ(posix_spawn(&pid, todo_program, &actions, nullptr, args.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);

    const auto read_output = [&] {
        std::ifstream in(output_path);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    };
    std::string port;
    for (int i = 0; i < 1000 && port.empty(); ++i) {
        const std::string output = read_output();
        const std::size_t at = output.find("todo: serving on http://127.0.0.1:");
        if (at != std::string::npos && output.find('\n', at) != std::string::npos) {
            const std::size_t start = output.find_last_of(':', output.find('\n', at)) + 1;
            port = output.substr(start, output.find('\n', at) - start);
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds{10});
        }
    }
    ASSERT_FALSE(port.empty()) << "the program never said where it serves: " << read_output();
    httplib::Client client("127.0.0.1", std::stoi(port));
    const auto list = client.Get("/");
    ASSERT_TRUE(list);
    EXPECT_EQ(list->status, 200);

    ASSERT_EQ(kill(pid, signal), 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "wait status " << status;
    EXPECT_THAT(read_output(),
                HasSubstr("todo: stopped after 1 request (0 answered with a server error, 0 transaction retries)\n"));
}

TEST(TodoProgram, SigtermStopsItCleanly) {
    serve_one_request_then_stop_with(SIGTERM);
}

TEST(TodoProgram, SigintStopsItCleanly) {
    serve_one_request_then_stop_with(SIGINT);
}

}  // namespace
