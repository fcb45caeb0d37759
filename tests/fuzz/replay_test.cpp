// Replays every committed fuzz finding (tests/fuzz/regressions/<target>/<name>) through the same
// function the fuzz target runs (tests/fuzz/fuzz_targets.cpp): a finding that comes back aborts the
// test, under the sanitizers in build-asan too.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

#include "core/limits.hpp"
#include "fuzz_targets.hpp"

namespace {

namespace fs = std::filesystem;

std::vector<std::uint8_t> read_bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<fs::path> sorted_entries(const fs::path& dir) {
    std::vector<fs::path> entries;
    for (const auto& entry : fs::directory_iterator(dir)) entries.push_back(entry.path());
    std::sort(entries.begin(), entries.end());
    return entries;
}

TEST(FuzzTargets, EveryNameFindsItsTarget) {
    const auto names = pwcheck::fuzz::target_names();
    EXPECT_NE(std::find(names.begin(), names.end(), "parse_bcrypt"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "identify"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "batch"), names.end());
    for (const auto& name : names) EXPECT_TRUE(pwcheck::fuzz::find_target(name)) << name;
    EXPECT_FALSE(pwcheck::fuzz::find_target("parse_no_such_row"));
    EXPECT_FALSE(pwcheck::fuzz::find_target("parse_"));
}

TEST(FuzzTargets, TightLimitsTightenEveryLimit) {
    // A limit added to core::Limits and not tightened here would let the fuzzer compute at the default
    // cost: seconds per input, reported as hangs.
    const pwcheck::core::Limits tight = pwcheck::fuzz::tight_limits();
    const pwcheck::core::Limits defaults;
    for (const auto& info : pwcheck::core::limit_table()) {
        EXPECT_LT(tight.*info.field, defaults.*info.field) << info.key;
    }
}

TEST(FuzzRegressions, EveryCommittedFindingReplaysCleanly) {
    const fs::path root = PWCHECK_FUZZ_REGRESSIONS_DIR;
    ASSERT_TRUE(fs::is_directory(root)) << root << " is missing: it holds every input the fuzzers found";
    std::size_t replayed = 0;
    for (const auto& dir : sorted_entries(root)) {
        ASSERT_TRUE(fs::is_directory(dir)) << dir << ": regressions go in a directory named after their target";
        const auto target = pwcheck::fuzz::find_target(dir.filename().string());
        ASSERT_TRUE(target) << dir << " is not named after a fuzz target (scripts/fuzz.sh lists them)";
        for (const auto& file : sorted_entries(dir)) {
            // On stderr before it runs: when a finding aborts the test, the last line names it.
            std::cerr << "replaying " << dir.filename().string() << "/" << file.filename().string() << "\n";
            const auto bytes = read_bytes(file);
            target(bytes);
            ++replayed;
        }
    }
    EXPECT_GT(replayed, 0u) << root << " holds no inputs: every fuzz finding must be committed there";
}

}  // namespace
