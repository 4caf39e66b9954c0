package dev.pulmo.runtime.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Why a bundle's Declarative Services components registered no usable service, read from the Service
 * Component Runtime's DTOs (OSGi Compendium R8 §112.9: {@code ComponentConfigurationDTO.state} and, since
 * DS 1.4, {@code failure}). The SCR bundle's API classes are its own, not the host's, so they are reached by
 * reflection on the public API interface and DTO fields rather than shared through the host's class path.
 */
final class ComponentDiagnosis {
    private static final String SCR = "org.osgi.service.component.runtime.ServiceComponentRuntime";
    private static final String DESCRIPTION_DTO = "org.osgi.service.component.runtime.dto.ComponentDescriptionDTO";
    // ComponentConfigurationDTO state constants
    private static final int UNSATISFIED_CONFIGURATION = 1;
    private static final int UNSATISFIED_REFERENCE = 2;
    private static final int FAILED_ACTIVATION = 16;

    private ComponentDiagnosis() {
    }

    /** One sentence per component of {@code bundle} that is not working; empty when none is known. */
    static List<String> of(BundleContext context, Bundle bundle) {
        ServiceReference<?> ref = context.getServiceReference(SCR);
        if (ref == null) {
            return List.of("the Declarative Services runtime is not running");
        }
        Object runtime = context.getService(ref);
        try {
            Bundle scrBundle = ref.getBundle();
            Class<?> api = scrBundle.loadClass(SCR);
            Method descriptions = api.getMethod("getComponentDescriptionDTOs", Bundle[].class);
            Method configurations = api.getMethod("getComponentConfigurationDTOs", scrBundle.loadClass(DESCRIPTION_DTO));
            List<String> diagnoses = new ArrayList<>();
            for (Object description : (Collection<?>) descriptions.invoke(runtime, (Object) new Bundle[] {bundle})) {
                String name = String.valueOf(field(description, "name"));
                for (Object configuration : (Collection<?>) configurations.invoke(runtime, description)) {
                    int state = (Integer) field(configuration, "state");
                    if (state == FAILED_ACTIVATION) {
                        diagnoses.add("component " + name + " failed to activate: "
                                + rootCause(String.valueOf(field(configuration, "failure"))));
                    } else if (state == UNSATISFIED_REFERENCE) {
                        diagnoses.add("component " + name + " has unsatisfied references");
                    } else if (state == UNSATISFIED_CONFIGURATION) {
                        diagnoses.add("component " + name + " waits for a required configuration");
                    }
                }
            }
            return diagnoses;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return List.of("cannot read the component runtime's state: " + e);
        } finally {
            context.ungetService(ref);
        }
    }

    private static Object field(Object dto, String name) throws ReflectiveOperationException {
        return dto.getClass().getField(name).get(dto);
    }

    /** The root cause's line of a stack trace (the exception the component threw, not SCR's wrapper). */
    static String rootCause(String stackTrace) {
        String cause = "";
        for (String line : stackTrace.split("\\R")) {
            String t = line.trim();
            if (cause.isEmpty()) {
                cause = t;
            } else if (t.startsWith("Caused by: ")) {
                cause = t.substring("Caused by: ".length());
            }
        }
        return cause;
    }
}
