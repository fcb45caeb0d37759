#include "cli/cmd_batch.hpp"

#include <CLI/CLI.hpp>

#include <sched.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "cli/limit_options.hpp"
#include "cli/output.hpp"
#include "core/encoding.hpp"
#include "core/registry.hpp"
#include "core/verify.hpp"

namespace pwcheck::cli {
namespace {

using Json = nlohmann::ordered_json;

/// Records per unit of work: small enough to spread a short input over the cores, a multiple of
/// bcrypt's 3 interleaved lanes so that a chunk of one cost fills them.
constexpr std::size_t k_chunk_lines = 12;

/// A capacity for `n` bytes from a few size classes, so that SecretBuffer reuses freed allocations.
std::size_t size_class(std::size_t n) {
    std::size_t c = 64;
    while (c < n) c *= 2;
    return c;
}

void wipe(std::string& text) {
    core::secure_wipe({reinterpret_cast<std::uint8_t*>(text.data()), text.size()});
}

/// Strict RFC 4648 base64 with padding, decoded straight into a SecretBuffer; nullopt when invalid.
std::optional<core::SecretBuffer> decode_password_b64(std::string_view text) {
    if (text.size() % 4 != 0) return std::nullopt;
    std::size_t pad = 0;
    while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
    const auto& codec = core::std_b64();
    core::SecretBuffer out(size_class(text.size() / 4 * 3 + 1));
    out.resize(text.size() / 4 * 3);
    std::size_t n = 0;
    std::uint32_t acc = 0;
    int bits = 0;
    for (std::size_t i = 0; i + pad < text.size(); ++i) {
        if (!codec.is_valid(text[i])) return std::nullopt;
        acc = (acc << 6) | static_cast<std::uint32_t>(codec.value(text[i]));
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.data()[n++] = static_cast<std::uint8_t>(acc >> bits);
        }
    }
    acc = 0;
    out.resize(n);
    return out;
}

/// nlohmann's SAX interface over one line: builds the record field by field, so the password is
/// never a json value. `string()` receives the lexer's own token buffer, which is wiped once copied.
class RecordReader {
public:
    explicit RecordReader(BatchRecord& record) : m_record(record) {}

    bool null() { return scalar(Json(nullptr)); }
    bool boolean(bool value) { return scalar(Json(value)); }
    bool number_integer(Json::number_integer_t value) { return scalar(Json(value)); }
    bool number_unsigned(Json::number_unsigned_t value) { return scalar(Json(value)); }
    bool number_float(Json::number_float_t value, const std::string& /*text*/) { return scalar(Json(value)); }
    bool binary(Json::binary_t& /*value*/) { return fail("binary values are not JSON text"); }

    bool string(std::string& value) {
        if (m_depth == 0) return fail("not a JSON object");
        if (m_depth > 1) {
            if (m_field == Field::id) insert(Json(std::move(value)));
            return true;
        }
        switch (m_field) {
            case Field::password: {
                core::SecretBuffer password(size_class(value.size() + 1));
                password.resize(value.size());
                std::copy(value.begin(), value.end(), password.data());
                wipe(value);
                m_record.password = std::move(password);
                return true;
            }
            case Field::password_b64: {
                auto password = decode_password_b64(value);
                wipe(value);
                if (!password) return fail("\"password_b64\" is not padded base64 (A-Za-z0-9+/)");
                m_record.password = std::move(*password);
                return true;
            }
            case Field::hash: m_record.hash = std::move(value); return true;
            case Field::digest: m_record.digest = std::move(value); return true;
            case Field::id: m_record.id = std::move(value); return true;
            case Field::other: return true;
        }
        return true;
    }

    bool start_object(std::size_t /*size*/) { return start(Json::object()); }
    bool start_array(std::size_t /*size*/) { return start(Json::array()); }
    bool end_object() { return end(); }
    bool end_array() { return end(); }

    bool key(std::string& name) {
        if (m_depth > 1) {
            m_key = name;
            return true;
        }
        m_field = field_named(name);
        if (m_field == Field::other) return true;
        const auto bit = 1U << static_cast<unsigned>(m_field);
        if ((m_seen & bit) != 0) return fail("\"" + name + "\" given twice (or with its alternative)");
        m_seen |= bit;
        if ((m_seen & bit_of(Field::password)) != 0 && (m_seen & bit_of(Field::password_b64)) != 0) {
            return fail("both \"password\" and \"password_b64\"");
        }
        return true;
    }

    bool parse_error(std::size_t position, const std::string& /*last_token*/, const nlohmann::detail::exception&) {
        // Neither the token nor nlohmann's message is quoted: either may hold bytes of the password.
        m_record.id = nullptr;
        return fail("not valid JSON (at byte " + std::to_string(position) + ")");
    }

    /// Checks what the line lacked once it parsed; the record's error when not usable.
    void finish() {
        if (m_record.error) return;
        if ((m_seen & bit_of(Field::hash)) == 0) {
            m_record.error = "no \"hash\" (or \"hash_pass\")";
        } else if ((m_seen & (bit_of(Field::password) | bit_of(Field::password_b64))) == 0) {
            m_record.error = "no \"password\" (or \"password_b64\")";
        }
    }

private:
    enum class Field : unsigned { id, hash, password, password_b64, digest, other };

    static unsigned bit_of(Field field) { return 1U << static_cast<unsigned>(field); }

    static Field field_named(std::string_view name) {
        if (name == "id") return Field::id;
        if (name == "hash" || name == "hash_pass") return Field::hash;  // hash_pass: the original service's name
        if (name == "password") return Field::password;
        if (name == "password_b64") return Field::password_b64;
        if (name == "digest") return Field::digest;
        return Field::other;  // unknown fields are ignored
    }

    bool fail(std::string why) {
        if (!m_record.error) m_record.error = std::move(why);
        return false;
    }

    bool scalar(Json value) {
        if (m_depth == 0) return fail("not a JSON object");
        if (m_field == Field::id) {
            if (m_depth == 1) {
                m_record.id = std::move(value);
            } else {
                insert(std::move(value));
            }
            return true;
        }
        if (m_depth == 1 && m_field != Field::other) return fail("\"" + field_name() + "\" is not a string");
        return true;
    }

    bool start(Json container) {
        const bool object = container.is_object();
        if (m_depth == 0) {
            if (!object) return fail("not a JSON object");
            m_depth = 1;
            return true;
        }
        if (m_depth == 1 && m_field != Field::id && m_field != Field::other) {
            return fail("\"" + field_name() + "\" is not a string");
        }
        ++m_depth;
        if (m_field != Field::id) return true;
        if (m_depth == 2) {
            m_record.id = std::move(container);
            m_stack.push_back(&m_record.id);
        } else {
            m_stack.push_back(insert(std::move(container)));
        }
        return true;
    }

    bool end() {
        if (m_depth > 1 && m_field == Field::id) m_stack.pop_back();
        --m_depth;
        return true;
    }

    Json* insert(Json value) {
        Json& top = *m_stack.back();
        if (top.is_array()) {
            top.push_back(std::move(value));
            return &top.back();
        }
        Json& slot = top[m_key];
        slot = std::move(value);
        return &slot;
    }

    std::string field_name() const {
        switch (m_field) {
            case Field::hash: return "hash";
            case Field::password: return "password";
            case Field::password_b64: return "password_b64";
            case Field::digest: return "digest";
            default: return "id";
        }
    }

    BatchRecord& m_record;
    int m_depth = 0;
    Field m_field = Field::other;
    unsigned m_seen = 0;
    std::string m_key;             ///< The pending key inside an object of the id.
    std::vector<Json*> m_stack;    ///< The id's open containers, innermost last.
};

// ---- the pipeline: reader -> workers -> in-order writer --------------------------------------

/// Where one line sits in its chunk's text.
struct LineSpan {
    std::size_t offset = 0;
    std::size_t size = 0;
    bool too_long = false;
};

/// A unit of work: consecutive input lines, their bytes in one wiped buffer.
struct Chunk {
    std::size_t seq = 0;
    std::size_t first_line = 0;  ///< 1-based number of the first line.
    core::SecretBuffer text{1};
    std::vector<LineSpan> lines;
};

/// A chunk's NDJSON results and its counts.
struct Answered {
    std::string out;
    std::size_t matches = 0;
    std::size_t no_matches = 0;
    std::size_t errors = 0;
};

/// Reads up to k_chunk_lines lines into `staging`, then into a chunk's own buffer of their size.
class LineReader {
public:
    explicit LineReader(std::istream& in) : m_in(in), m_staging(k_chunk_lines * (k_batch_max_line + 1)) {
        m_staging.resize(m_staging.capacity());
    }

    /// The next chunk; an empty one at the end of the input.
    Chunk next() {
        Chunk chunk;
        chunk.first_line = m_line + 1;
        std::size_t used = 0;
        while (chunk.lines.size() < k_chunk_lines && !m_eof) {
            char* dst = reinterpret_cast<char*>(m_staging.data() + used);
            m_in.getline(dst, static_cast<std::streamsize>(k_batch_max_line + 1));
            const auto n = static_cast<std::size_t>(m_in.gcount());
            if (m_in.bad()) {
                m_eof = m_read_error = true;
                break;
            }
            if (m_in.fail() && !m_in.eof()) {  // k_batch_max_line bytes and no end of line yet
                m_in.clear();
                m_in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
                m_eof = m_in.eof();
                chunk.lines.push_back({used, 0, true});
                ++m_line;
                continue;
            }
            std::size_t stored = n;
            if (m_in.eof()) {
                m_eof = true;
                if (n == 0) break;
            } else {
                stored = n - 1;  // the '\n' was counted, not stored
            }
            if (stored > 0 && dst[stored - 1] == '\r') --stored;
            chunk.lines.push_back({used, stored, false});
            used += stored;
            ++m_line;
        }
        chunk.text = core::SecretBuffer(size_class(used + 1));
        chunk.text.resize(used);
        std::copy_n(m_staging.data(), used, chunk.text.data());
        core::secure_wipe({m_staging.data(), used});
        return chunk;
    }

    bool read_error() const { return m_read_error; }

private:
    std::istream& m_in;
    core::SecretBuffer m_staging;
    std::size_t m_line = 0;
    bool m_eof = false;
    bool m_read_error = false;
};

/// Why a record got no answer; an empty code: none (it was verified).
struct RecordError {
    std::string code;
    std::string message;
    std::string_view limit;  ///< Over a cost limit: its key (the result's "limit_option").
};

void print_result(std::string& out, const Json& id, const core::VerifyResult* result, const RecordError& error) {
    Json j{{"id", id}, {"match", nullptr}, {"scheme", nullptr}, {"error", nullptr}};
    if (result != nullptr) {
        if (!result->name.empty()) j["scheme"] = result->name;
        if (!result->error) j["match"] = result->match.value_or(false);
    }
    if (!error.code.empty()) {
        j["error"] = Json{{"code", error.code}, {"message", error.message}};
        if (!error.limit.empty()) j["error"]["limit_option"] = limit_option(error.limit);
    }
    // ensure_ascii keeps the output valid whatever bytes a message or id quotes.
    out += j.dump(-1, ' ', true, Json::error_handler_t::replace);
    out += '\n';
}

/// Parses and verifies one chunk: one result line per input line, in order.
Answered answer(const Chunk& chunk, const core::Limits& limits) {
    const std::size_t n = chunk.lines.size();
    std::vector<BatchRecord> records(n);
    std::vector<RecordError> errors(n);
    std::vector<core::VerifyRequest> requests;
    std::vector<std::size_t> requested;
    for (std::size_t i = 0; i < n; ++i) {
        const LineSpan& line = chunk.lines[i];
        const std::string where = "line " + std::to_string(chunk.first_line + i) + ": ";
        if (line.too_long) {
            errors[i] = {"bad_record", where + "longer than " + std::to_string(k_batch_max_line) + " bytes", {}};
            continue;
        }
        records[i] = parse_batch_record({reinterpret_cast<const char*>(chunk.text.data()) + line.offset, line.size});
        if (records[i].error) {
            errors[i] = {"bad_record", where + *records[i].error, {}};
            continue;
        }
        core::VerifyRequest request;
        if (records[i].digest) {
            request.scheme = core::find_scheme(*records[i].digest);
            if (request.scheme == nullptr) {
                errors[i] = {"usage", unknown_digest_message(*records[i].digest), {}};
                continue;
            }
        }
        request.hash = records[i].hash;
        request.limits = limits;
        request.password = records[i].password->bytes();
        requests.push_back(request);
        requested.push_back(i);
    }
    const auto results = core::verify_batch(requests);
    std::vector<const core::VerifyResult*> by_line(n, nullptr);
    for (std::size_t k = 0; k < requested.size(); ++k) by_line[requested[k]] = &results[k];

    Answered a;
    for (std::size_t i = 0; i < n; ++i) {
        const core::VerifyResult* result = by_line[i];
        if (result != nullptr && result->error) {
            errors[i] = {std::string(core::error_code_name(result->error->code)), error_text(*result->error),
                         result->error->limit};
        }
        print_result(a.out, records[i].id, result, errors[i]);
        if (!errors[i].code.empty()) {
            ++a.errors;
        } else if (result->match.value_or(false)) {
            ++a.matches;
        } else {
            ++a.no_matches;
        }
    }
    return a;
}

unsigned default_jobs() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return static_cast<unsigned>(CPU_COUNT(&set));
    return std::max(1U, std::thread::hardware_concurrency());
}

std::string counted(std::size_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

}  // namespace

BatchRecord parse_batch_record(std::span<const char> line) {
    BatchRecord record;
    RecordReader reader(record);
    Json::sax_parse(line.data(), line.data() + line.size(), &reader);
    reader.finish();
    return record;
}

void setup_batch(CLI::App& command, BatchOptions& options) {
    command.add_option("-j,--jobs", options.jobs, "Worker threads (default: the number of cores)")
        ->type_name("N")
        ->check(CLI::Range(1U, 1024U));
    command.add_option("--input", options.input, "Read the records from FILE (default: stdin)")->type_name("FILE");
    add_limit_options(command, options.limits);
    command.footer(
        "Reads one JSON record per line and writes one JSON result per line, in input order:\n"
        "  {\"id\": any, \"hash\": \"...\", \"password\": \"...\", \"digest\": \"sha256\"}   (digest, id optional;\n"
        "  \"hash_pass\" for \"hash\"; \"password_b64\": standard padded base64 for non-UTF-8 passwords)\n"
        "  -> {\"id\": ..., \"match\": true|false|null, \"scheme\": \"...\", \"error\": null|{\"code\",\"message\"}}\n"
        "A summary goes to stderr.\nExample:\n"
        "  jq -c '{id: .user, hash, password}' audit.json | pwcheck batch --jobs 4 | jq -c 'select(.match)'\n\n"
        "Exit status: 0 every record answered match or no match, 2 usage error,\n"
        "             3 a record got an error (every record is still answered).\n");
}

ExitCode run_batch(const BatchOptions& options, Io& io) {
    std::ifstream file;
    std::istream* in = io.in;
    if (options.input) {
        file.open(*options.input, std::ios::binary);
        if (!file) {
            print_error(io.err, "cannot read --input '" + *options.input + "': " + std::strerror(errno));
            return ExitCode::usage;
        }
        in = &file;
    }
    if (in == nullptr) {
        print_error(io.err, "no input to read records from");
        return ExitCode::usage;
    }
    const unsigned jobs = options.jobs.value_or(default_jobs());
    // At most this many chunks are read and not yet written: the queue, the ones being verified and
    // the reorder buffer together. Memory is bounded by it, whatever the size of the input.
    const std::size_t window = 2 * std::size_t{jobs} + 2;
    const bool progress = &io.err == &std::cerr && isatty(STDERR_FILENO) != 0;
    const auto start = std::chrono::steady_clock::now();

    std::mutex mutex;
    std::condition_variable work_ready, answer_ready, space_free;
    std::deque<Chunk> work;
    std::map<std::size_t, Answered> answered;
    std::size_t pushed = 0, written = 0;
    bool input_done = false;
    Answered total;
    std::size_t records = 0;

    std::vector<std::thread> workers;
    for (unsigned j = 0; j < jobs; ++j) {
        workers.emplace_back([&] {
            for (;;) {
                std::unique_lock lock(mutex);
                work_ready.wait(lock, [&] { return !work.empty() || input_done; });
                if (work.empty()) return;
                Chunk chunk = std::move(work.front());
                work.pop_front();
                lock.unlock();
                Answered a = answer(chunk, options.limits);
                const std::size_t seq = chunk.seq;
                chunk = Chunk{};  // wipes the lines now rather than at the next chunk
                lock.lock();
                answered.emplace(seq, std::move(a));
                answer_ready.notify_all();
            }
        });
    }
    std::thread writer([&] {
        auto last_progress = start;
        for (;;) {
            std::unique_lock lock(mutex);
            answer_ready.wait(lock, [&] { return answered.count(written) != 0 || (input_done && written == pushed); });
            auto it = answered.find(written);
            if (it == answered.end()) break;
            Answered a = std::move(it->second);
            answered.erase(it);
            const bool more_ready = answered.count(written + 1) != 0;
            lock.unlock();
            io.out << a.out;
            if (!more_ready) io.out.flush();
            total.matches += a.matches;
            total.no_matches += a.no_matches;
            total.errors += a.errors;
            records = total.matches + total.no_matches + total.errors;
            if (progress) {
                const auto now = std::chrono::steady_clock::now();
                if (now - last_progress > std::chrono::milliseconds(250)) {
                    last_progress = now;
                    const double s = std::chrono::duration<double>(now - start).count();
                    io.err << "\rpwcheck: batch: " << records << " records, " << total.errors << " errors, "
                           << static_cast<long long>(static_cast<double>(records) / s) << " records/s" << std::flush;
                }
            }
            lock.lock();
            ++written;
            space_free.notify_one();
        }
    });

    // std::cin is tied to std::cout: each read would flush the output from this thread while the
    // writer thread writes to it. Untied for the batch, restored after.
    std::ostream* const tied = in->tie(nullptr);
    LineReader reader(*in);
    for (;;) {
        Chunk chunk = reader.next();
        if (chunk.lines.empty()) break;
        std::unique_lock lock(mutex);
        space_free.wait(lock, [&] { return pushed - written < window; });
        chunk.seq = pushed++;
        work.push_back(std::move(chunk));
        work_ready.notify_one();
    }
    {
        std::lock_guard lock(mutex);
        input_done = true;
    }
    work_ready.notify_all();
    answer_ready.notify_all();
    for (auto& worker : workers) worker.join();
    {
        std::lock_guard lock(mutex);  // wakes the writer for the last time (all answers are in)
    }
    answer_ready.notify_all();
    writer.join();
    in->tie(tied);
    io.out.flush();

    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (progress) io.err << "\r\033[K";
    char timing[64];
    std::snprintf(timing, sizeof timing, " in %.2f s (%.0f records/s)", seconds,
                  seconds > 0 ? static_cast<double>(records) / seconds : 0.0);
    io.err << "pwcheck: batch: " << counted(records, "record", "records") << ", "
           << counted(total.matches, "match", "matches") << ", " << counted(total.no_matches, "no match", "no matches")
           << ", " << counted(total.errors, "error", "errors") << timing << '\n';
    if (reader.read_error()) {
        print_error(io.err, "reading the input failed after line " + std::to_string(records));
        return ExitCode::bad_hash;
    }
    return total.errors == 0 ? ExitCode::match : ExitCode::bad_hash;
}

}  // namespace pwcheck::cli
