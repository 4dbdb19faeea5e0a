package dev.pkcefilter.testbed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The provider's one password encoder, for the user's password and the clients' secrets: both are stored as
 * {@code {noop}} plus the value, and compared as they are.
 *
 * <p>Spring's default encoder would also "upgrade" each of them after its first match, re-hashing it with bcrypt
 * in the user store and the client registry; from then on every login form and every token call with a client
 * secret spent about 0.1 s of CPU on bcrypt (the two Tomcat nodes' thousand logins went at eight a second). This
 * one never asks for an upgrade, so a value stays as the test registered it.
 */
final class VerbatimPasswordEncoder implements PasswordEncoder {

    static final String PREFIX = "{noop}";

    @Override
    public String encode(CharSequence raw) {
        return PREFIX + raw;
    }

    @Override
    public boolean matches(CharSequence raw, String encoded) {
        return encoded != null && MessageDigest.isEqual(encode(raw).getBytes(StandardCharsets.UTF_8),
                encoded.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean upgradeEncoding(String encoded) {
        return false;
    }
}
