#include "core/error.hpp"

namespace pwcheck::core {

std::string_view error_code_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::malformed_hash: return "malformed_hash";
        case ErrorCode::unsupported_hash: return "unsupported_hash";
        case ErrorCode::unrecognized_hash: return "unrecognized_hash";
        case ErrorCode::wrong_scheme: return "wrong_scheme";
        case ErrorCode::password_refused: return "password_refused";
        case ErrorCode::cost_over_limit: return "cost_over_limit";
    }
    return "error";
}

}  // namespace pwcheck::core
