package dev.pulmo.runtime.testbundles;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** A deliberately broken bundle activator, packed into a test bundle. */
public final class ThrowingActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        throw new IllegalStateException("activator exploded on purpose");
    }

    @Override
    public void stop(BundleContext context) {
    }
}
