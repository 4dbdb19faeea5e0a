package dev.pkcefilter;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.pkcefilter.jakarta.PkceFilter;
import dev.pkcefilter.jakarta.SettingsCheck;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The initializer that checks each filter's settings when the web app starts: settings that cannot work stop the
 * deployment with the filter's own message; a filter without a settings file anywhere is left to itself. (That
 * WildFly and Payara then fail the deployment is their container tests' part.)
 */
class SettingsCheckTest {

    private final ServletContext context = mock(ServletContext.class);
    private final Map<String, FilterRegistration> filters = new LinkedHashMap<>();

    private void start() {
        when(context.getFilterRegistrations()).thenAnswer(invocation -> filters);
        new SettingsCheck().onStartup(Set.of(), context);
    }

    private void declare(String name, String className, String config) {
        FilterRegistration filter = mock(FilterRegistration.class);
        when(filter.getName()).thenReturn(name);
        when(filter.getClassName()).thenReturn(className);
        when(filter.getInitParameter("config")).thenReturn(config);
        filters.put(name, filter);
    }

    @Test
    void onStartupWhenTheFileLacksTheIssuerThenTheDeploymentFailsNamingIt(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("pkce-filter.properties"), "client.id=app\nclient.secret=s3cr3t-value\n");
        declare("oidc", PkceFilter.class.getName(), file.toString());
        SettingsException refused = assertThrows(SettingsException.class, this::start);
        assertTrue(refused.getMessage().contains("issuer: "), refused.getMessage());
        assertTrue(!refused.getMessage().contains("s3cr3t-value"), "the secret stays out of the message");
    }

    @Test
    void onStartupWhenTheDefaultFileIsInTheWebAppThenItIsChecked() {
        when(context.getResourceAsStream("/WEB-INF/pkce-filter.properties")).thenAnswer(invocation ->
                new ByteArrayInputStream("issuer=not a url\nclient.id=app\nclient.secret=x\n".getBytes(StandardCharsets.UTF_8)));
        declare("oidc", PkceFilter.class.getName(), null);
        SettingsException refused = assertThrows(SettingsException.class, this::start);
        assertTrue(refused.getMessage().contains("issuer: expected"), refused.getMessage());
    }

    @Test
    void onStartupWhenNoFileAnywhereThenLeftToTheFilter() {
        // As a filter registered in code with its settings: only the filter knows them.
        declare("oidc", PkceFilter.class.getName(), null);
        start();
    }

    @Test
    void onStartupWhenAnotherFilterThenNotRead(@TempDir Path directory) {
        declare("other", "com.example.OtherFilter", directory.resolve("missing.properties").toString());
        start();
        verify(context, never()).getResourceAsStream(any());
    }
}
