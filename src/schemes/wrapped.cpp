#include "schemes/wrapped.hpp"

namespace pwcheck::schemes {
namespace {

class WrappedHash final : public core::ParsedHash {
public:
    WrappedHash(std::unique_ptr<core::ParsedHash> inner, bool inner_weak, Wrapping wrapping)
        : m_inner(std::move(inner)), m_inner_weak(inner_weak), m_wrapping(std::move(wrapping)) {}

    std::vector<core::Param> params() const override { return m_inner->params(); }

    std::optional<core::Error> check_limits(const core::Limits& limits) const override {
        return m_inner->check_limits(limits);
    }

    core::Result<core::Derived> derive(std::span<const std::uint8_t> password) const override {
        if (m_wrapping.transform == nullptr) return m_inner->derive(password);
        auto key = m_wrapping.transform(password);
        if (!key) return key.error();
        return m_inner->derive(key->bytes());
    }

    std::span<const std::uint8_t> expected() const override { return m_inner->expected(); }

    std::string name() const override { return m_wrapping.name; }

    bool weak() const override { return m_wrapping.weak || m_inner_weak || m_inner->weak(); }

    std::optional<core::HashParams> hash_params() const override { return m_inner->hash_params(); }

private:
    std::unique_ptr<core::ParsedHash> m_inner;
    bool m_inner_weak;
    Wrapping m_wrapping;
};

}  // namespace

core::Result<std::unique_ptr<core::ParsedHash>> parse_wrapped(const core::Scheme& inner, std::string_view inner_text,
                                                             Wrapping wrapping) {
    auto parsed = inner.parse(inner_text);
    if (!parsed) return parsed.error();
    return std::unique_ptr<core::ParsedHash>(
        std::make_unique<WrappedHash>(std::move(*parsed), inner.weak, std::move(wrapping)));
}

}  // namespace pwcheck::schemes
