// The libFuzzer binary: one program for every target, chosen by the environment variable
// PWCHECK_FUZZ_TARGET (parse_<row>, identify, batch), so that one link serves all ~35 targets.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz_targets.hpp"

namespace {

pwcheck::fuzz::Target g_target;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    const char* name = std::getenv("PWCHECK_FUZZ_TARGET");
    if (name != nullptr) g_target = pwcheck::fuzz::find_target(name);
    if (!g_target) {
        std::fprintf(stderr, "pwcheck_fuzz: set PWCHECK_FUZZ_TARGET to one of:");
        for (const auto& n : pwcheck::fuzz::target_names()) std::fprintf(stderr, " %s", n.c_str());
        std::fprintf(stderr, "\n");
        std::exit(2);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    g_target({data, size});
    return 0;
}
