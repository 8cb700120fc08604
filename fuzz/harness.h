// Shared set-up for the libFuzzer targets that drive the JSON API (fuzz_http_request,
// fuzz_json_body): the real composition (main::Runtime: SQLite, cmark, libsodium) on a database
// in a temporary directory, with fixtures at fixed ids so corpus files can name them:
//
//   accounts     101 @anna (instance admin)        bearer token "fuzz-token-anna"
//                102 @bram (user)                   bearer token "fuzz-token-bram"
//   communities  201 "tuin"   public, open          anna owner, bram member
//                202 "geheim" members-only, approval anna owner
//   posts        301 in tuin by anna (#moestuin @bram), 302 in geheim by anna, 303 on anna's profile
//   comments     401 on 301 by bram, 402 a reply to 401 by anna
//
// Isolation: Handle() runs the request inside one SQLite transaction that is always rolled back
// (repositories join a transaction open on their thread), so every input starts from the same
// fixtures, crashes reproduce from a single file, and the database never grows.
//
// Oracles (a violation aborts, so libFuzzer records the input):
//   - the status is 100..599 and never 500: bad input must get a clear 4xx, not an internal error
//     (set KRING_FUZZ_ALLOW_500=1 to only log them);
//   - header names and values carry no CR/LF/NUL;
//   - a JSON response (Content-Type application/json) parses as JSON, and an error response has
//     the {"error","message"} shape.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "net/http_message.h"

namespace kring::fuzz {

// Routes that hash a password (argon2id, 64 MiB and ~100 ms each) are answered 404 by the
// harness instead of being run: they would slow fuzzing a hundredfold, and their input handling
// is covered by fuzz_json_body through JsonBody.
bool HashesPassword(const net::HttpRequest& request);

// Builds the world (database, fixtures, API) once. Called from LLVMFuzzerInitialize, so that
// start-up allocations (libvips, glib, SQLite caches) are not mistaken for leaks of an input.
void Init();

// Runs `request` against the API (see above) and checks the oracles on the response.
net::HttpResponse Handle(const net::HttpRequest& request);

// A request the way net/http_server.cpp builds one from the wire.
net::HttpRequest MakeRequest(std::string method, std::string target, std::string body = {},
                             std::string_view bearer_token = {});

// Aborts with a message (libFuzzer saves the input as a crash).
[[noreturn]] void Fail(std::string_view what, const net::HttpRequest& request, const net::HttpResponse& response);

}  // namespace kring::fuzz
