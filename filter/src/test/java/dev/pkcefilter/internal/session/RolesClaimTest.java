package dev.pkcefilter.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RolesClaimTest {

    @Test
    void extractWhenTopLevelListThenEachRole() {
        assertEquals(Set.of("staff", "admin"), RolesClaim.extract(Map.of("groups", List.of("staff", "admin")), "groups", null));
    }

    @Test
    void extractWhenDottedPathThenNested() {
        Map<String, Object> claims = Map.of("realm_access", Map.of("roles", List.of("offline_access", "manager")));
        assertEquals(Set.of("offline_access", "manager"), RolesClaim.extract(claims, "realm_access.roles", null));
    }

    @Test
    void extractWhenPrefixConfiguredThenStripped() {
        assertEquals(Set.of("admin", "other"), RolesClaim.extract(Map.of("roles", List.of("ROLE_admin", "other")), "roles", "ROLE_"));
    }

    @Test
    void extractWhenSpaceSeparatedStringThenSplit() {
        assertEquals(Set.of("read", "write"), RolesClaim.extract(Map.of("scope", "read  write"), "scope", null));
    }

    @Test
    void extractWhenMissingOrWrongShapeThenNoRoles() {
        assertEquals(Set.of(), RolesClaim.extract(Map.of("groups", 42), "groups", null));
        assertEquals(Set.of(), RolesClaim.extract(Map.of("a", "x"), "a.b", null));
        assertEquals(Set.of(), RolesClaim.extract(Map.of(), "groups", null));
        assertEquals(Set.of(), RolesClaim.extract(Map.of("groups", List.of("x")), null, null));
        assertEquals(Set.of("ok"), RolesClaim.extract(Map.of("groups", List.of("ok", 3, Map.of())), "groups", null));
    }
}
