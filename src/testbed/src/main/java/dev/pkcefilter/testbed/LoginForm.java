package dev.pkcefilter.testbed;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The provider's login form, read from Spring Security's default login page: where it posts to, and the
 * CSRF token it must carry back.
 */
final class LoginForm {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*\\baction=\"([^\"]*)\"");
    private static final Pattern CSRF_INPUT = Pattern.compile("<input[^>]*\\bname=\"_csrf\"[^>]*>");
    private static final Pattern VALUE = Pattern.compile("\\bvalue=\"([^\"]*)\"");

    private final String action;
    private final String csrfToken;

    private LoginForm(String action, String csrfToken) {
        this.action = action;
        this.csrfToken = csrfToken;
    }

    static boolean isPresent(String page) {
        return page.contains("name=\"password\"") && CSRF_INPUT.matcher(page).find();
    }

    /** @throws IllegalStateException when the page has no login form with a CSRF token */
    static LoginForm parse(ScriptedBrowser.Response page) {
        Matcher action = FORM_ACTION.matcher(page.body());
        Matcher csrfInput = CSRF_INPUT.matcher(page.body());
        if (!action.find() || !csrfInput.find()) {
            throw new IllegalStateException("no login form with a _csrf field at " + page.uri().getPath());
        }
        Matcher csrfValue = VALUE.matcher(csrfInput.group());
        if (!csrfValue.find()) {
            throw new IllegalStateException("the _csrf field has no value at " + page.uri().getPath());
        }
        String target = page.uri().resolve(Html.unescape(action.group(1))).toString();
        return new LoginForm(target, Html.unescape(csrfValue.group(1)));
    }

    ScriptedBrowser.Response submit(ScriptedBrowser browser, String username, String password) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("username", username);
        fields.put("password", password);
        fields.put("_csrf", csrfToken);
        return browser.postForm(action, fields);
    }
}
