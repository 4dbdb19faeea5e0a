package dev.pkcefilter.internal.web;

import dev.pkcefilter.internal.engine.CycleFixtureEngine;

/** For LayeringTest only: one half of a package cycle (web uses engine, engine uses web). */
public final class CycleFixtureWeb {

    CycleFixtureEngine other;
}
