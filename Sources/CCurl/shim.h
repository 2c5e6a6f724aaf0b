// Typed wrappers around libcurl's variadic entry points, which Swift cannot call.
//
// `curl_easy_setopt` and `curl_easy_getinfo` take a C vararg whose type depends on the option; each wrapper
// below fixes that type, so Swift sees an ordinary function. Only PokjaCurl imports this module.
#ifndef POKJA_CCURL_SHIM_H
#define POKJA_CCURL_SHIM_H

#include <curl/curl.h>

// MARK: - Global

/// `curl_global_init(CURL_GLOBAL_DEFAULT)`: the macro is not imported into Swift.
static inline CURLcode pokja_curl_global_init_default(void) {
  return curl_global_init(CURL_GLOBAL_DEFAULT);
}

/// `CURL_ERROR_SIZE`: the size the buffer given to `CURLOPT_ERRORBUFFER` must have.
static inline size_t pokja_curl_error_size(void) { return CURL_ERROR_SIZE; }

// MARK: - curl_easy_setopt

/// Options taking a `long` (flags, numbers, enums such as `CURLOPT_USE_SSL`).
static inline CURLcode pokja_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
  return curl_easy_setopt(handle, option, value);
}

/// Options taking a NUL-terminated string. libcurl copies these (except `CURLOPT_POSTFIELDS`).
static inline CURLcode pokja_curl_easy_setopt_string(
    CURL *handle, CURLoption option, const char *value) {
  return curl_easy_setopt(handle, option, value);
}

/// Options taking an untyped pointer (`CURLOPT_READDATA`, `CURLOPT_WRITEDATA`, `CURLOPT_DEBUGDATA`, ...).
static inline CURLcode pokja_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
  return curl_easy_setopt(handle, option, value);
}

/// Options taking a `struct curl_slist *` (`CURLOPT_MAIL_RCPT`, `CURLOPT_HTTPHEADER`). Not copied: keep the
/// list alive until the transfer is done, then set NULL before freeing it.
static inline CURLcode pokja_curl_easy_setopt_slist(
    CURL *handle, CURLoption option, struct curl_slist *value) {
  return curl_easy_setopt(handle, option, value);
}

/// Options taking a `curl_off_t` (`CURLOPT_INFILESIZE_LARGE`, `CURLOPT_POSTFIELDSIZE_LARGE`, ...).
static inline CURLcode pokja_curl_easy_setopt_off_t(
    CURL *handle, CURLoption option, curl_off_t value) {
  return curl_easy_setopt(handle, option, value);
}

/// `CURLOPT_READFUNCTION`.
static inline CURLcode pokja_curl_easy_setopt_read_callback(
    CURL *handle, curl_read_callback callback) {
  return curl_easy_setopt(handle, CURLOPT_READFUNCTION, callback);
}

/// `CURLOPT_WRITEFUNCTION` or `CURLOPT_HEADERFUNCTION` (same signature).
static inline CURLcode pokja_curl_easy_setopt_write_callback(
    CURL *handle, CURLoption option, curl_write_callback callback) {
  return curl_easy_setopt(handle, option, callback);
}

/// `CURLOPT_DEBUGFUNCTION` (called only while `CURLOPT_VERBOSE` is 1).
static inline CURLcode pokja_curl_easy_setopt_debug_callback(
    CURL *handle, curl_debug_callback callback) {
  return curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, callback);
}

/// `CURLOPT_ERRORBUFFER`: `buffer` must hold `CURL_ERROR_SIZE` bytes and outlive every transfer.
static inline CURLcode pokja_curl_easy_setopt_errorbuffer(CURL *handle, char *buffer) {
  return curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, buffer);
}

/// An HTTP POST body copied by libcurl (`CURLOPT_POSTFIELDSIZE_LARGE` + `CURLOPT_COPYPOSTFIELDS`), so the
/// Swift buffer may die after the call. `size` -1 means NUL-terminated.
static inline CURLcode pokja_curl_easy_setopt_copypostfields(
    CURL *handle, const char *body, curl_off_t size) {
  CURLcode code = curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, size);
  if (code != CURLE_OK) return code;
  return curl_easy_setopt(handle, CURLOPT_COPYPOSTFIELDS, body);
}

// MARK: - curl_easy_getinfo

/// Infos returning a `long` (`CURLINFO_RESPONSE_CODE`, `CURLINFO_OS_ERRNO`, ...).
static inline CURLcode pokja_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
  return curl_easy_getinfo(handle, info, value);
}

/// Infos returning a string owned by libcurl (`CURLINFO_EFFECTIVE_URL`, `CURLINFO_CONTENT_TYPE`, ...).
static inline CURLcode pokja_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
  return curl_easy_getinfo(handle, info, value);
}

/// Infos returning a `curl_off_t` (`CURLINFO_SIZE_UPLOAD_T`, `CURLINFO_TOTAL_TIME_T`, ...).
static inline CURLcode pokja_curl_easy_getinfo_off_t(
    CURL *handle, CURLINFO info, curl_off_t *value) {
  return curl_easy_getinfo(handle, info, value);
}

/// Infos returning a `double` (`CURLINFO_TOTAL_TIME`, ...).
static inline CURLcode pokja_curl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value) {
  return curl_easy_getinfo(handle, info, value);
}

#endif  // POKJA_CCURL_SHIM_H
