package dev.pkcefilter.example.springboot;

import jakarta.servlet.http.HttpServletRequest;
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

    /** Only for users the filter finds in role {@code admin} (its {@code roles.claim}); see SecurityConfiguration. */
    @GetMapping(path = "/admin", produces = MediaType.TEXT_PLAIN_VALUE)
    String admin(Authentication authentication) {
        return "Admin " + authentication.getName() + ": " + authentication.getAuthorities() + "\n";
    }
}
