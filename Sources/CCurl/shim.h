// Typed wrappers around libcurl's variadic entry points, which Swift cannot call.
//
// `curl_easy_setopt` and `curl_easy_getinfo` take a C vararg whose type depends on the option; each wrapper
// below fixes that type, so Swift sees an ordinary function. Only PokjaCurl imports this module.
//
// libcurl is loaded with dlopen the first time a message is sent, not linked: linking it makes every
// `pokja` process load libcurl's 31 shared libraries (about 4.5 ms here), while most commands never
// send anything. The types and constants still come from <curl/curl.h> (libcurl4-openssl-dev).
#ifndef POKJA_CCURL_SHIM_H
#define POKJA_CCURL_SHIM_H

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

// MARK: - Loading

/// The libcurl functions Pokja uses, resolved from the shared library.
typedef struct {
  CURLcode (*global_init)(long flags);
  CURL *(*easy_init)(void);
  void (*easy_cleanup)(CURL *handle);
  CURLcode (*easy_perform)(CURL *handle);
  const char *(*easy_strerror)(CURLcode code);
  CURLcode (*easy_setopt)(CURL *handle, CURLoption option, ...);
  CURLcode (*easy_getinfo)(CURL *handle, CURLINFO info, ...);
  struct curl_slist *(*slist_append)(struct curl_slist *list, const char *string);
  void (*slist_free_all)(struct curl_slist *list);
  CURLM *(*multi_init)(void);
  CURLMcode (*multi_add_handle)(CURLM *multi, CURL *handle);
  CURLMcode (*multi_remove_handle)(CURLM *multi, CURL *handle);
  CURLMcode (*multi_perform)(CURLM *multi, int *running);
  CURLMcode (*multi_poll)(CURLM *multi, struct curl_waitfd *fds, unsigned int count, int timeout_ms,
                          int *numfds);
  CURLMsg *(*multi_info_read)(CURLM *multi, int *queued);
  CURLMcode (*multi_cleanup)(CURLM *multi);
  /// Why loading failed (NULL when it worked).
  const char *error;
} pokja_curl_functions;

/// The one table of loaded functions (a function-local static: Swift's importer emits those, not
/// file-level statics of a header).
static inline pokja_curl_functions *pokja_curl_storage(void) {
  static pokja_curl_functions storage;
  return &storage;
}

static inline pthread_once_t *pokja_curl_once(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  return &once;
}

static inline void pokja_curl_load_once(void) {
  pokja_curl_functions *pokja_curl_loaded_ptr = pokja_curl_storage();
#define pokja_curl_loaded (*pokja_curl_loaded_ptr)
  void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (library == NULL) library = dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL);
  if (library == NULL) {
    pokja_curl_loaded.error = "libcurl.so.4 was not found (install Debian's libcurl4)";
    return;
  }
#define POKJA_CURL_RESOLVE(field, symbol)                                      \
  *(void **)(&pokja_curl_loaded.field) = dlsym(library, symbol);               \
  if (pokja_curl_loaded.field == NULL) {                                       \
    pokja_curl_loaded.error = "libcurl lacks " symbol " (too old a libcurl?)"; \
    return;                                                                    \
  }
  POKJA_CURL_RESOLVE(global_init, "curl_global_init")
  POKJA_CURL_RESOLVE(easy_init, "curl_easy_init")
  POKJA_CURL_RESOLVE(easy_cleanup, "curl_easy_cleanup")
  POKJA_CURL_RESOLVE(easy_perform, "curl_easy_perform")
  POKJA_CURL_RESOLVE(easy_strerror, "curl_easy_strerror")
  POKJA_CURL_RESOLVE(easy_setopt, "curl_easy_setopt")
  POKJA_CURL_RESOLVE(easy_getinfo, "curl_easy_getinfo")
  POKJA_CURL_RESOLVE(slist_append, "curl_slist_append")
  POKJA_CURL_RESOLVE(slist_free_all, "curl_slist_free_all")
  POKJA_CURL_RESOLVE(multi_init, "curl_multi_init")
  POKJA_CURL_RESOLVE(multi_add_handle, "curl_multi_add_handle")
  POKJA_CURL_RESOLVE(multi_remove_handle, "curl_multi_remove_handle")
  POKJA_CURL_RESOLVE(multi_perform, "curl_multi_perform")
  POKJA_CURL_RESOLVE(multi_poll, "curl_multi_poll")
  POKJA_CURL_RESOLVE(multi_info_read, "curl_multi_info_read")
  POKJA_CURL_RESOLVE(multi_cleanup, "curl_multi_cleanup")
#undef POKJA_CURL_RESOLVE
#undef pokja_curl_loaded
}

/// The loaded functions (loading libcurl on first use, once per process).
static inline const pokja_curl_functions *pokja_curl_api(void) {
  pthread_once(pokja_curl_once(), pokja_curl_load_once);
  return pokja_curl_storage();
}

/// NULL when libcurl is usable, else why not. Check before calling anything below.
static inline const char *pokja_curl_load_error(void) { return pokja_curl_api()->error; }

static inline CURL *pokja_curl_easy_init(void) { return pokja_curl_api()->easy_init(); }
static inline void pokja_curl_easy_cleanup(CURL *handle) { pokja_curl_api()->easy_cleanup(handle); }
static inline CURLcode pokja_curl_easy_perform(CURL *handle) {
  return pokja_curl_api()->easy_perform(handle);
}
static inline const char *pokja_curl_easy_strerror(CURLcode code) {
  return pokja_curl_api()->easy_strerror(code);
}
static inline struct curl_slist *pokja_curl_slist_append(
  struct curl_slist *list, const char *string) {
  return pokja_curl_api()->slist_append(list, string);
}
static inline void pokja_curl_slist_free_all(struct curl_slist *list) {
  pokja_curl_api()->slist_free_all(list);
}

// MARK: - Multi interface (many transfers at once: webhooks)

static inline CURLM *pokja_curl_multi_init(void) { return pokja_curl_api()->multi_init(); }
static inline CURLMcode pokja_curl_multi_add_handle(CURLM *multi, CURL *handle) {
  return pokja_curl_api()->multi_add_handle(multi, handle);
}
static inline CURLMcode pokja_curl_multi_remove_handle(CURLM *multi, CURL *handle) {
  return pokja_curl_api()->multi_remove_handle(multi, handle);
}
static inline CURLMcode pokja_curl_multi_perform(CURLM *multi, int *running) {
  return pokja_curl_api()->multi_perform(multi, running);
}
/// Waits up to `timeout_ms` for activity on any transfer.
static inline CURLMcode pokja_curl_multi_poll(CURLM *multi, int timeout_ms) {
  int numfds = 0;
  return pokja_curl_api()->multi_poll(multi, NULL, 0, timeout_ms, &numfds);
}
static inline CURLMcode pokja_curl_multi_cleanup(CURLM *multi) {
  return pokja_curl_api()->multi_cleanup(multi);
}
/// The next finished transfer: 1 with its handle and result, 0 when none is left to report (the
/// CURLMsg union is awkward from Swift).
static inline int pokja_curl_multi_next_done(CURLM *multi, CURL **handle, CURLcode *result) {
  int queued = 0;
  CURLMsg *message;
  while ((message = pokja_curl_api()->multi_info_read(multi, &queued)) != NULL) {
    if (message->msg == CURLMSG_DONE) {
      *handle = message->easy_handle;
      *result = message->data.result;
      return 1;
    }
  }
  return 0;
}

// MARK: - Global

/// `curl_global_init(CURL_GLOBAL_DEFAULT)`: the macro is not imported into Swift.
static inline CURLcode pokja_curl_global_init_default(void) {
  return pokja_curl_api()->global_init(CURL_GLOBAL_DEFAULT);
}

/// `CURL_ERROR_SIZE`: the size the buffer given to `CURLOPT_ERRORBUFFER` must have.
static inline size_t pokja_curl_error_size(void) { return CURL_ERROR_SIZE; }

// MARK: - curl_easy_setopt

/// Options taking a `long` (flags, numbers, enums such as `CURLOPT_USE_SSL`).
static inline CURLcode pokja_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
  return pokja_curl_api()->easy_setopt(handle, option, value);
}

/// Options taking a NUL-terminated string. libcurl copies these (except `CURLOPT_POSTFIELDS`).
static inline CURLcode pokja_curl_easy_setopt_string(
    CURL *handle, CURLoption option, const char *value) {
  return pokja_curl_api()->easy_setopt(handle, option, value);
}

/// Options taking an untyped pointer (`CURLOPT_READDATA`, `CURLOPT_WRITEDATA`, `CURLOPT_DEBUGDATA`, ...).
static inline CURLcode pokja_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
  return pokja_curl_api()->easy_setopt(handle, option, value);
}

/// Options taking a `struct curl_slist *` (`CURLOPT_MAIL_RCPT`, `CURLOPT_HTTPHEADER`). Not copied: keep the
/// list alive until the transfer is done, then set NULL before freeing it.
static inline CURLcode pokja_curl_easy_setopt_slist(
    CURL *handle, CURLoption option, struct curl_slist *value) {
  return pokja_curl_api()->easy_setopt(handle, option, value);
}

/// Options taking a `curl_off_t` (`CURLOPT_INFILESIZE_LARGE`, `CURLOPT_POSTFIELDSIZE_LARGE`, ...).
static inline CURLcode pokja_curl_easy_setopt_off_t(
    CURL *handle, CURLoption option, curl_off_t value) {
  return pokja_curl_api()->easy_setopt(handle, option, value);
}

/// `CURLOPT_READFUNCTION`.
static inline CURLcode pokja_curl_easy_setopt_read_callback(
    CURL *handle, curl_read_callback callback) {
  return pokja_curl_api()->easy_setopt(handle, CURLOPT_READFUNCTION, callback);
}

/// `CURLOPT_WRITEFUNCTION` or `CURLOPT_HEADERFUNCTION` (same signature).
static inline CURLcode pokja_curl_easy_setopt_write_callback(
    CURL *handle, CURLoption option, curl_write_callback callback) {
  return pokja_curl_api()->easy_setopt(handle, option, callback);
}

/// `CURLOPT_PREREQFUNCTION` (libcurl 7.80): called once connected, before the request is sent, with the
/// address connected to; returning `CURL_PREREQFUNC_ABORT` ends the transfer with
/// `CURLE_ABORTED_BY_CALLBACK` and nothing sent. `CURLOPT_PREREQDATA` is its first argument.
static inline CURLcode pokja_curl_easy_setopt_prereq_callback(
    CURL *handle, curl_prereq_callback callback) {
  return pokja_curl_api()->easy_setopt(handle, CURLOPT_PREREQFUNCTION, callback);
}

/// `CURLOPT_DEBUGFUNCTION` (called only while `CURLOPT_VERBOSE` is 1).
static inline CURLcode pokja_curl_easy_setopt_debug_callback(
    CURL *handle, curl_debug_callback callback) {
  return pokja_curl_api()->easy_setopt(handle, CURLOPT_DEBUGFUNCTION, callback);
}

/// `CURLOPT_XFERINFOFUNCTION` (with `CURLOPT_NOPROGRESS` 0): called at least once a second during a
/// transfer, also while waiting for a server's reply; `CURLOPT_XFERINFODATA` is its first argument.
/// A non-zero return aborts the transfer with `CURLE_ABORTED_BY_CALLBACK`.
static inline CURLcode pokja_curl_easy_setopt_xferinfo_callback(
    CURL *handle, curl_xferinfo_callback callback) {
  return pokja_curl_api()->easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

/// `CURLOPT_ERRORBUFFER`: `buffer` must hold `CURL_ERROR_SIZE` bytes and outlive every transfer.
static inline CURLcode pokja_curl_easy_setopt_errorbuffer(CURL *handle, char *buffer) {
  return pokja_curl_api()->easy_setopt(handle, CURLOPT_ERRORBUFFER, buffer);
}

/// An HTTP POST body copied by libcurl (`CURLOPT_POSTFIELDSIZE_LARGE` + `CURLOPT_COPYPOSTFIELDS`), so the
/// Swift buffer may die after the call. `size` -1 means NUL-terminated.
static inline CURLcode pokja_curl_easy_setopt_copypostfields(
    CURL *handle, const char *body, curl_off_t size) {
  CURLcode code = pokja_curl_api()->easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, size);
  if (code != CURLE_OK) return code;
  return pokja_curl_api()->easy_setopt(handle, CURLOPT_COPYPOSTFIELDS, body);
}

// MARK: - curl_easy_getinfo

/// Infos returning a `long` (`CURLINFO_RESPONSE_CODE`, `CURLINFO_OS_ERRNO`, ...).
static inline CURLcode pokja_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
  return pokja_curl_api()->easy_getinfo(handle, info, value);
}

/// Infos returning a string owned by libcurl (`CURLINFO_EFFECTIVE_URL`, `CURLINFO_CONTENT_TYPE`, ...).
static inline CURLcode pokja_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
  return pokja_curl_api()->easy_getinfo(handle, info, value);
}

/// Infos returning a `curl_off_t` (`CURLINFO_SIZE_UPLOAD_T`, `CURLINFO_TOTAL_TIME_T`, ...).
static inline CURLcode pokja_curl_easy_getinfo_off_t(
    CURL *handle, CURLINFO info, curl_off_t *value) {
  return pokja_curl_api()->easy_getinfo(handle, info, value);
}

/// Infos returning a `double` (`CURLINFO_TOTAL_TIME`, ...).
static inline CURLcode pokja_curl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value) {
  return pokja_curl_api()->easy_getinfo(handle, info, value);
}

#endif  // POKJA_CCURL_SHIM_H
