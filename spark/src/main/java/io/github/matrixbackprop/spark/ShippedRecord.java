package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.util.Checks;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/**
 * An immutable configuration record (a {@code Loss}, an {@code OptimizerSpec}) in a form that
 * travels to the Spark tasks: its class and its component values, rebuilt there through the
 * canonical constructor (which validates them again). The library's losses and optimizer
 * specifications are records of numbers, arrays of numbers and flags, so they all travel; a configuration of
 * another kind is refused on the driver with a message saying why.
 *
 * @param <T> the interface the record implements
 */
final class ShippedRecord<T> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Class<? extends T> type;
    private final Serializable[] values;

    private ShippedRecord(Class<? extends T> type, Serializable[] values) {
        this.type = type;
        this.values = values;
    }

    /**
     * The record {@code value} ready to travel.
     *
     * @throws IllegalArgumentException if {@code value} is not a public record whose components are
     *                                  primitives, arrays of primitives (null allowed) or strings
     */
    @SuppressWarnings("unchecked")
    static <T> ShippedRecord<T> of(T value, String role) {
        Checks.notNull(value, role);
        Class<?> c = value.getClass();
        RecordComponent[] components = c.getRecordComponents();
        if (components == null) {
            throw new IllegalArgumentException("the " + role + " " + c.getName() + " is not a record of numbers and"
                    + " flags, so it cannot be sent to the Spark tasks; use one of the library's");
        }
        Serializable[] values = new Serializable[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> t = components[i].getType();
            boolean numbers = t.isArray() && t.getComponentType().isPrimitive(); // e.g. class weights
            if (!t.isPrimitive() && t != String.class && !numbers) {
                throw new IllegalArgumentException("the " + role + " " + c.getName() + " has the component "
                        + components[i].getName() + " of type " + t.getName() + ", so it cannot be sent to the"
                        + " Spark tasks (only numbers, arrays of numbers, flags and strings can)");
            }
            try {
                values[i] = (Serializable) components[i].getAccessor().invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalArgumentException("the " + role + " " + c.getName() + " cannot be read: " + e, e);
            }
        }
        ShippedRecord<T> shipped = new ShippedRecord<>((Class<? extends T>) c, values);
        shipped.get(); // fails now, on the driver, if the record cannot be rebuilt
        return shipped;
    }

    /** A new record equal to the one shipped. */
    T get() {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        try {
            Constructor<? extends T> constructor = type.getDeclaredConstructor(types);
            return constructor.newInstance((Object[]) values);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(type.getName() + " rejects its own values: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type.getName() + " cannot be rebuilt from its components (is it a"
                    + " public record?): " + e, e);
        }
    }
}
