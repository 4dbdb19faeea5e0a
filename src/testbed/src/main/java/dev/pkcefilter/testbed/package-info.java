/**
 * Test bed for pkce-filter: a strict, in-process OpenID provider ({@link dev.pkcefilter.testbed.EmbeddedProvider}),
 * a protected Jetty 12 app ({@link dev.pkcefilter.testbed.ProtectedApp}) and an HTTP-level browser that never
 * follows redirects on its own ({@link dev.pkcefilter.testbed.ScriptedBrowser}).
 *
 * <p>Used by the demo and by the integration tests; not part of the filter's runtime.
 */
package dev.pkcefilter.testbed;
