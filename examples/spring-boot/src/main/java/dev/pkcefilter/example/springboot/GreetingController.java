package dev.pkcefilter.example.springboot;

import dev.pkcefilter.TokenAccess;
import dev.pkcefilter.TokenUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/** Greets the signed-in user, as the filter and as Spring Security see them: the two must agree. */
@RestController
public class GreetingController {

    /**
     * A page, as a browser asks for it ({@code Accept: text/html} alone too): who signed in, and the log-out button,
     * which posts to the filter's path (relative, so it works under a context path and behind a proxy's prefix).
     */
    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    String greet(HttpServletRequest request, Authentication authentication) {
        return "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>pkce-filter Spring Boot example</title></head>\n"
                + "<body><p>Signed in as <span id=\"user\">" + HtmlUtils.htmlEscape(request.getRemoteUser())
                + "</span>; Spring Security: <span id=\"spring-user\">" + HtmlUtils.htmlEscape(authentication.getName())
                + "</span></p>\n<p><a href=\"admin\">Admin page</a> &middot; <a href=\"api-call\">An API call</a></p>\n"
                + "<form method=\"post\" action=\"oauth2/logout\"><button>Log out</button></form></body></html>\n";
    }

    /**
     * Where the app would call an API on the user's behalf: the filter hands out the access token, refreshed
     * first when it is due. The page shows only whether one was given, never the token.
     */
    @GetMapping(path = "/api-call", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> apiCall(HttpServletRequest request) {
        TokenAccess tokens = (TokenAccess) request.getAttribute(TokenAccess.REQUEST_ATTRIBUTE);
        try {
            String accessToken = tokens.accessToken();
            return ResponseEntity.ok("An access token of " + accessToken.length() + " characters, ready for the API\n");
        } catch (TokenUnavailableException e) {
            return ResponseEntity.status(e.loginRequired() ? HttpStatus.UNAUTHORIZED : HttpStatus.SERVICE_UNAVAILABLE)
                    .body(e.getMessage() + "\n");
        }
    }

    /** Only for users the filter finds in role {@code admin} (its {@code roles.claim}); see SecurityConfiguration. */
    @GetMapping(path = "/admin", produces = MediaType.TEXT_PLAIN_VALUE)
    String admin(Authentication authentication) {
        return "Admin " + authentication.getName() + ": " + authentication.getAuthorities() + "\n";
    }
}
