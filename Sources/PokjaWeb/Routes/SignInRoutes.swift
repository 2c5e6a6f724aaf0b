import Foundation
import HTTPTypes
import Hummingbird
import PokjaAccess
import PokjaCore

extension PokjaWebServer {
  /// `/signin` (the page, and asking for a new link), `/signin/TOKEN` (a confirmation page, then
  /// the post that signs in: mail scanners that open links sign nobody in), `/signout`.
  func addSignInRoutes(to router: Router<WebContext>) {
    router.get("/signin") { request, context in
      let query = Self.query(request)
      let notice =
        query["signedout"] != nil
        ? pages.text("signedOut", context.language)
        : query["sent"] != nil ? pages.text("linkRequested", context.language) : nil
      return try await signInPage(request, context, notice: notice)
    }

    router.post("/signin") { request, context in
      let form = try await Self.form(request, context: context)
      guard isSameOrigin(request),
        try await lanes.run({ $0.access.checkFormToken(form["_csrf"], for: "sign-in-request") })
      else { return page(.forbidden, context: context, heading: "403", textKey: "badForm") }
      let now = clock.now()
      let address = context.client ?? "?"
      guard await signInRequests.allow(address, at: now) else {
        return await tooMany(context, retryAfter: signInRequests.retryAfter(address, at: now))
      }
      guard let email = form.text("email")?.lowercased(), email.contains("@"), email.count <= 254
      else { return Self.redirect("/signin?sent=1") }
      // The same answer whether or not the address has access: the page tells nobody who does.
      guard await signInEmails.allow(email, at: now) else { return Self.redirect("/signin?sent=1") }
      let base = settings.base
      do {
        try await lanes.run { lane in
          guard let contact = try? lane.directory.contact(email),
            try lane.access.activeGrant(of: contact.id) != nil, !contact.doNotContact
          else { return }
          let (link, token) = try lane.access.newSignInLink(for: contact.id, address: address)
          try lane.mailSignInLink(contact, base + "/signin/" + token, link.expiresAt, link.id)
        }
        await deliveries.start()
      } catch {
        log("sign-in link for \(email): \(error.localizedDescription)")
      }
      return Self.redirect("/signin?sent=1")
    }

    router.get("/signin/:token") { request, context in
      let token = context.parameters.get("token") ?? ""
      let now = clock.now()
      let address = context.client ?? "?"
      guard await signInAttempts.allow(address, at: now) else {
        return await tooMany(context, retryAfter: signInAttempts.retryAfter(address, at: now))
      }
      let outcome = try await lanes.run { lane -> Result<(String, String), Access.Refusal> in
        try lane.access.inspectSignInLink(token).flatMap { link in
          let name = (try? lane.directory.contact(link.contactID.description).name) ?? ""
          return .success((name, lane.access.formToken(for: "sign-in:" + token)))
        }
      }
      switch outcome {
      case .success(let (name, formToken)):
        return render(
          "signin-confirm", title: pages.text("signIn", context.language),
          ["name": name, "token": token, "formToken": formToken], context: context,
          request: request)
      case .failure(let refusal):
        return refused(refusal, context: context)
      }
    }

    router.post("/signin/:token") { request, context in
      let token = context.parameters.get("token") ?? ""
      let form = try await Self.form(request, context: context)
      let now = clock.now()
      let address = context.client ?? "?"
      guard await signInAttempts.allow(address, at: now) else {
        return await tooMany(context, retryAfter: signInAttempts.retryAfter(address, at: now))
      }
      guard isSameOrigin(request),
        try await lanes.run({
          $0.access.checkFormToken(form["_csrf"], for: "sign-in:" + token)
        })
      else { return page(.forbidden, context: context, heading: "403", textKey: "badForm") }
      let client = context.client
      let outcome = try await lanes.run { lane in try lane.access.signIn(token, address: client) }
      switch outcome {
      case .success(let signedIn):
        var response = Self.redirect("/directory")
        response.headers.append(
          HTTPField(
            name: .setCookie,
            value:
              "pokja_session=\(signedIn.cookie); Path=/; Max-Age=\(Int(signedIn.session.expiresAt.timeIntervalSince(now))); HttpOnly; Secure; SameSite=Lax"
          ))
        return response
      case .failure(let refusal):
        return refused(refusal, context: context)
      }
    }

    router.post("/signout") { request, context in
      let form = try await Self.form(request, context: context)
      if let viewer = context.viewer, isSameOrigin(request) {
        let client = context.client
        let allowed = try await lanes.run { lane in
          guard lane.access.checkFormToken(form["_csrf"], for: viewer.session) else {
            return false
          }
          try lane.access.signOut(viewer.session, address: client)
          return true
        }
        guard allowed else {
          return page(.forbidden, context: context, heading: "403", textKey: "badForm")
        }
      }
      var response = Self.redirect("/signin?signedout=1")
      response.headers.append(
        HTTPField(
          name: .setCookie,
          value: "pokja_session=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax"))
      return response
    }
  }

  private func signInPage(_ request: Request, _ context: WebContext, notice: String?)
    async throws -> Response
  {
    if context.viewer != nil, notice == nil { return Self.redirect("/directory") }
    let formToken = try await lanes.run { $0.access.formToken(for: "sign-in-request") }
    var values: [String: Any] = ["formToken": formToken]
    if let notice { values["notice"] = notice }
    return render(
      "signin", title: pages.text("signIn", context.language), values, context: context,
      request: request)
  }

  private func refused(_ refusal: Access.Refusal, context: WebContext) -> Response {
    let status: HTTPResponse.Status =
      switch refusal {
      case .forged: .notFound
      case .expired, .used: .gone
      case .revoked: .forbidden
      }
    return page(
      status, context: context, heading: pages.text("signIn", context.language),
      textKey: "refused." + refusal.rawValue, showSignIn: refusal != .revoked)
  }

  private func tooMany(_ context: WebContext, retryAfter: Int) -> Response {
    var response = page(
      .tooManyRequests, context: context, heading: "429", textKey: "tooMany", showSignIn: false)
    response.headers[.retryAfter] = String(retryAfter)
    return response
  }
}
