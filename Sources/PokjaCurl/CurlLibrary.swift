import CCurl

/// libcurl itself: loaded on first use (`shim.h` resolves its functions from `libcurl.so.4`) and
/// initialised once per process. Swift initialises a global `static let` lazily and thread-safely.
enum CurlLibrary {
  /// Why libcurl cannot be used (nil when it can).
  static let loadError: String? = pokja_curl_load_error().map { String(cString: $0) }

  /// `curl_global_init`, exactly once per process: its result (`CURLE_FAILED_INIT` when libcurl
  /// could not be loaded).
  static let initResult: UInt32 =
    loadError == nil ? pokja_curl_global_init_default().rawValue : CURLE_FAILED_INIT.rawValue
}
