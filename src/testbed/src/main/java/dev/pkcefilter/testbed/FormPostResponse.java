package dev.pkcefilter.testbed;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The provider's authorization response: Spring Authorization Server's redirect with {@code code} and {@code state}
 * in the query, or, when the request asked for {@code response_mode=form_post} (OAuth 2.0 Form Post Response Mode),
 * a page whose form the browser POSTs to the redirect URI at once, as Keycloak, Entra ID and oidc-provider answer.
 * Spring Authorization Server has no form_post of its own.
 */
final class FormPostResponse implements AuthenticationSuccessHandler {

    private final DefaultRedirectStrategy redirects = new DefaultRedirectStrategy();

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        OAuth2AuthorizationCodeRequestAuthenticationToken answer = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("code", answer.getAuthorizationCode().getTokenValue());
        if (answer.getState() != null && !answer.getState().isEmpty()) {
            parameters.put("state", answer.getState());
        }
        if (!"form_post".equals(request.getParameter("response_mode"))) {
            // What Spring Authorization Server's own handler sends.
            UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(answer.getRedirectUri())
                    .queryParam("code", parameters.get("code"));
            if (parameters.containsKey("state")) {
                uri.queryParam("state", UriUtils.encode(parameters.get("state"), StandardCharsets.UTF_8));
            }
            redirects.sendRedirect(request, response, uri.build(true).toUriString());
            return;
        }
        StringBuilder fields = new StringBuilder();
        parameters.forEach((name, value) -> fields.append("<input type=\"hidden\" name=\"").append(name)
                .append("\" value=\"").append(Html.escape(value)).append("\">"));
        response.setStatus(200);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("<!DOCTYPE html><html><head><title>Submit this form</title></head>"
                + "<body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\""
                + Html.escape(answer.getRedirectUri()) + "\">" + fields + "<noscript><button>Continue</button></noscript>"
                + "</form></body></html>");
    }
}
