// Writes the fuzz targets' seed corpora from the committed vector data (no Python at test time):
//   pwcheck_fuzz_seeds OUT_DIR
// OUT_DIR/parse_<row>/ gets every hash of tests/vectors/data/<row>.json up to the fuzzers' 4096 bytes
// (read by the suite's own loader, tests/support/vector_file.hpp), OUT_DIR/identify/ the first
// hashes of every row, OUT_DIR/batch/ NDJSON records made from the cases, and OUT_DIR/pwcheck.dict a
// libFuzzer dictionary of the table's prefixes and parameter names. Prints the target names, one a line.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "core/registry.hpp"
#include "fuzz_targets.hpp"
#include "support/vector_file.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// Hashes per row in the identify corpus, and cases per row made into batch records.
constexpr std::size_t k_identify_per_row = 60;
constexpr std::size_t k_batch_per_row = 13;  // one more than batch's 12-line chunk
/// scripts/fuzz.sh's -max_len: longer seeds (the hostile 1 MiB hashes) would only be cut.
constexpr std::size_t k_max_len = 4096;

std::string to_b64(const std::string& bytes) {
    static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const auto v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
        for (int s = 18; s >= 0; s -= 6) out += k_alphabet[(v >> s) & 63];
    }
    if (i + 1 == bytes.size()) {
        const auto v = static_cast<unsigned char>(bytes[i]) << 16;
        out += k_alphabet[(v >> 18) & 63];
        out += k_alphabet[(v >> 12) & 63];
        out += "==";
    } else if (i + 2 == bytes.size()) {
        const auto v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
        out += k_alphabet[(v >> 18) & 63];
        out += k_alphabet[(v >> 12) & 63];
        out += k_alphabet[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

/// A corpus directory; each distinct input is written once.
class Corpus {
public:
    explicit Corpus(fs::path dir) : m_dir(std::move(dir)) { fs::create_directories(m_dir); }

    void add(const std::string& input) {
        if (!m_seen.insert(input).second) return;
        std::ofstream(m_dir / ("seed-" + std::to_string(m_seen.size())), std::ios::binary) << input;
    }

private:
    fs::path m_dir;
    std::set<std::string> m_seen;
};

/// One dictionary entry in libFuzzer's syntax: a quoted string, bytes outside printable ASCII as \xNN.
std::string dict_entry(std::string_view token) {
    std::string out = "\"";
    for (const char ch : token) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            out += ch;
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
    }
    return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: pwcheck_fuzz_seeds OUT_DIR\n";
        return 2;
    }
    const fs::path out = argv[1];
    Corpus identify(out / "identify");
    Corpus batch(out / "batch");
    std::set<std::string> tokens = {"rounds=", "$", "=", ",", ":", "{", "}", "v=19", "m=", "t=", "p=", "ln=", "r="};
    for (const pwcheck::core::Scheme* row : pwcheck::core::scheme_table()) {
        Corpus parse(out / ("parse_" + std::string(row->name)));
        std::size_t n = 0;
        std::string lines;
        for (const auto& c : pwcheck::test::load_vectors(row->name)) {
            const std::string& hash = c.hash;
            if (hash.size() > k_max_len) continue;
            parse.add(hash);
            if (n < k_identify_per_row) identify.add(hash);
            if (n < k_batch_per_row) {
                json record{{"id", n}, {"hash", hash}, {"password_b64", to_b64(std::string(c.password.begin(), c.password.end()))}};
                if (n % 3 == 1) record["digest"] = std::string(row->name);
                // error_handler replace: a hash of invalid UTF-8 still makes a (different) record.
                const std::string line = record.dump(-1, ' ', false, json::error_handler_t::replace);
                batch.add(line + "\n");
                lines += line + (n % 4 == 3 ? "\r\n" : "\n");
            }
            ++n;
        }
        batch.add(lines);
        for (const auto prefix : row->prefixes) tokens.emplace(prefix);
        tokens.emplace(std::string(row->cost.name) + "=");
    }
    // Records the vectors do not make: the other spellings batch accepts and lines it refuses.
    for (const char* line : {
             R"({"id":"u","hash_pass":"$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/","password":"password"})",
             R"({"id":{"a":[1,2.5,null,true]},"hash":"","password":"x"})",
             R"({"hash":"$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/","password":"a","password_b64":"YQ=="})",
             R"({"hash":"x","password":"y","digest":"no-such-digest"})",
             R"(["not","an","object"])",
             R"({"hash":"x","password":"y")",
         }) {
        batch.add(std::string(line) + "\n");
    }
    for (const char* token : {"\"id\"", "\"hash\"", "\"hash_pass\"", "\"password\"", "\"password_b64\"", "\"digest\""}) {
        tokens.emplace(token);
    }
    std::ofstream dict(out / "pwcheck.dict");
    for (const auto& token : tokens) dict << dict_entry(token) << "\n";
    for (const auto& name : pwcheck::fuzz::target_names()) {
        if (!fs::is_directory(out / name)) {
            std::cerr << "pwcheck_fuzz_seeds: no seeds for target " << name << "\n";
            return 1;
        }
        std::cout << name << "\n";
    }
    return 0;
}
