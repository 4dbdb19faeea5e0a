package dev.pkcefilter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The settings (or the provider's metadata they point at) are not usable. Thrown once, at startup,
 * with every problem found, each naming the key, what was expected and what was found. A secret's
 * value is never part of the message.
 */
public final class SettingsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /**
     * @param problems one line per problem, each starting with the key it is about; not empty
     */
    public SettingsException(List<String> problems) {
        super(render(problems));
        this.problems = Collections.unmodifiableList(new ArrayList<>(problems));
    }

    /** @return the problems, one line each, in the order they were found; never empty */
    public List<String> problems() {
        return problems;
    }

    private static String render(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a SettingsException needs at least one problem");
        }
        StringBuilder text = new StringBuilder("pkce-filter settings are invalid (")
                .append(problems.size()).append(problems.size() == 1 ? " problem):" : " problems):");
        for (String problem : problems) {
            text.append("\n  - ").append(problem);
        }
        return text.toString();
    }
}
