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

/** Greets the signed-in user, as the filter and as Spring Security see them: the two must agree. */
@RestController
public class GreetingController {

    @GetMapping(path = "/", produces = MediaType.TEXT_PLAIN_VALUE)
    String greet(HttpServletRequest request, Authentication authentication) {
        return "Signed in as " + request.getRemoteUser() + "; Spring Security: " + authentication.getName() + "\n";
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
