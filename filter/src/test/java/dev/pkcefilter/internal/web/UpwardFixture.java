package dev.pkcefilter.internal.web;

import dev.pkcefilter.internal.engine.LoginEngine;

/** For LayeringTest only: a base type that uses the engine, the upward dependency the layering forbids. */
public final class UpwardFixture {

    LoginEngine engine;
}
