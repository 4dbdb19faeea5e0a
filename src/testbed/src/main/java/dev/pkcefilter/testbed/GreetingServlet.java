package dev.pkcefilter.testbed;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;

/** The app's pages: greets the signed-in user and shows which path and query were asked for. */
final class GreetingServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Principal user = request.getUserPrincipal();
        String name = user == null ? "stranger" : user.getName();
        String target = request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("<!DOCTYPE html>\n<html><head><title>Protected app</title></head><body>\n"
                + "<h1>Hello, " + Html.escape(name) + "</h1>\n"
                + "<p>You asked for <code>" + Html.escape(target) + "</code>.</p>\n"
                + "<p><a href=\"/me\">Your claims</a></p>\n"
                + "</body></html>\n");
    }
}
