// pwcheck's entry point: everything else is in pwcheck_cli (src/cli) and pwcheck_core.
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "cli/app.hpp"

int main(int argc, char** argv) {
    // The process will hold a password: no core dumps of it, no ptrace by other users' tools.
    const struct rlimit no_core{0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);

    std::ios::sync_with_stdio(false);
    std::vector<std::string> args(argv + 1, argv + argc);
    pwcheck::cli::FdPasswordSource password(STDIN_FILENO);
    pwcheck::cli::Io io{std::cout, std::cerr, password, &std::cin};
    const int status = pwcheck::cli::run_app(std::move(args), io);
    std::cout.flush();
    return status;
}
