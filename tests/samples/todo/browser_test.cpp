// The to-do app in a real browser (issue 18): todo::Server on the test's own database, driven by headless chromium
// through tests/browser/todo.mjs (list, empty form, three to-dos, done, delete, reload, a hostile title).
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "process.hpp"
#include "running_server.hpp"

namespace {

namespace fs = std::filesystem;
using todo_test::ProcessResult;
using todo_test::run_process;

// Set by tests/CMakeLists.txt: node as CMake found it (or ...-NOTFOUND), the script, and where artifacts are kept.
constexpr const char* kNode = ROACHORM_NODE;
constexpr const char* kScript = ROACHORM_TODO_BROWSER_SCRIPT;
constexpr const char* kArtifactDir = ROACHORM_TEST_ARTIFACT_DIR;
constexpr const char* kChromium = "/usr/bin/chromium";

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

    ProcessResult result;
    {
        todo_test::RunningServer server;
        result = run_process({kNode, kScript, "--url", server.address(), "--screenshot", screenshot.string()});
    }
    ASSERT_EQ(result.status, 0) << "tests/browser/todo.mjs failed; it printed:\n" << result.output;
    std::cout << result.output;
    EXPECT_TRUE(starts_with_png_signature(screenshot)) << screenshot << " is missing or not a PNG file";
}

}  // namespace
