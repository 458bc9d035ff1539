// roachorm-schema: writes the DDL of the bundled models (each table and its indexes) to schema/<dialect>/<table>.sql,
// or with --check verifies that the files there are what the ORM generates today (the schema test runs it that way).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <roachorm/models/account.hpp>
#include <roachorm/models/blog.hpp>
#include <roachorm/models/point.hpp>
#include <roachorm/orm/orm.hpp>

namespace {

struct SchemaFile {
    std::filesystem::path path;
    std::string contents;
};

// The table's CREATE TABLE, then its CREATE INDEX statements, each ended by a semicolon and a newline.
std::string table_file(const orm::TableStatements& statements) {
    std::string contents = statements.create_table + ";\n";
    for (const std::string& index : statements.create_indexes()) {
        contents += index + ";\n";
    }
    return contents;
}

template <orm::Model... Ts>
std::vector<SchemaFile> schema_files(const std::filesystem::path& root) {
    std::vector<SchemaFile> files;
    for (const orm::dialect::Dialect* dialect :
         {&orm::dialect::postgresql(), &orm::dialect::cockroachdb(), &orm::dialect::sqlite()}) {
        (files.push_back({root / dialect->name() / (std::string(Ts::table_name) + ".sql"),
                          table_file(orm::statements<Ts>(*dialect))}),
         ...);
    }
    return files;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    return contents.str();
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const bool check = !args.empty() && args[0] == "--check";
    if (args.size() != (check ? 2u : 1u)) {
        std::cerr << "usage: roachorm-schema [--check] SCHEMA_DIR\n"
                     "  writes SCHEMA_DIR/<dialect>/<table>.sql for the bundled models, or with --check fails when\n"
                     "  those files differ from what the ORM generates today\n";
        return 2;
    }
    const auto files = schema_files<models::Account, models::Point, models::blog::User, models::blog::Post,
                                    models::blog::Comment, models::blog::Tag, models::blog::PostTag>(args.back());
    int stale = 0;
    for (const SchemaFile& file : files) {
        if (!check) {
            std::filesystem::create_directories(file.path.parent_path());
            std::ofstream(file.path, std::ios::binary) << file.contents;
        } else if (!std::filesystem::exists(file.path) || read_file(file.path) != file.contents) {
            std::cerr << file.path.string() << " is not what the ORM generates today:\n" << file.contents;
            ++stale;
        }
    }
    if (stale > 0) {
        std::cerr << stale << " schema file(s) out of date; regenerate with: roachorm-schema " << args.back() << "\n";
        return 1;
    }
    return 0;
}
