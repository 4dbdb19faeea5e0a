package dev.pkcefilter;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;

/** A plain in-memory session: what a container's session costs on lookup, and nothing more. */
@SuppressWarnings("deprecation")
final class BenchSession implements HttpSession {

    private final Map<String, Object> attributes = new HashMap<>();

    @Override public long getCreationTime() { return 0; }
    @Override public String getId() { return "bench-session"; }
    @Override public long getLastAccessedTime() { return 0; }
    @Override public ServletContext getServletContext() { return null; }
    @Override public void setMaxInactiveInterval(int interval) { }
    @Override public int getMaxInactiveInterval() { return 1800; }
    @Override public jakarta.servlet.http.HttpSessionContext getSessionContext() { return null; }
    @Override public Object getAttribute(String name) { return attributes.get(name); }
    @Override public Object getValue(String name) { return attributes.get(name); }
    @Override public Enumeration<String> getAttributeNames() { return Collections.enumeration(attributes.keySet()); }
    @Override public String[] getValueNames() { return attributes.keySet().toArray(new String[0]); }
    @Override public void setAttribute(String name, Object value) { attributes.put(name, value); }
    @Override public void putValue(String name, Object value) { attributes.put(name, value); }
    @Override public void removeAttribute(String name) { attributes.remove(name); }
    @Override public void removeValue(String name) { attributes.remove(name); }
    @Override public void invalidate() { attributes.clear(); }
    @Override public boolean isNew() { return false; }
}
