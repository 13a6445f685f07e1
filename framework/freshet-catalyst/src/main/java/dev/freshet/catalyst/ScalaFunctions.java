package dev.freshet.catalyst;

import java.io.Serializable;
import java.util.function.Function;

/**
 * Scala functions of each arity up to {@value #MAX_ARITY} over one Java body: Catalyst's {@code ScalaUDF} holds a
 * {@code scala.FunctionN} of its argument count, and so does the engine's {@code SparkUserDefinedFunction}: the
 * processor's analysis and the engine build them here, alike. (Written once from a template; keep the classes alike.)
 */
public final class ScalaFunctions {

    /** The most parameters a function may have. */
    public static final int MAX_ARITY = 10;

    private ScalaFunctions() {}

    /**
     * A Scala function of {@code arity} parameters that calls {@code body} with its arguments as an array.
     *
     * @throws IllegalArgumentException if {@code arity} is above {@link #MAX_ARITY}
     */
    public static Object of(int arity, Body body) {
        return switch (arity) {
            case 0 -> new F0(body);
            case 1 -> new F1(body);
            case 2 -> new F2(body);
            case 3 -> new F3(body);
            case 4 -> new F4(body);
            case 5 -> new F5(body);
            case 6 -> new F6(body);
            case 7 -> new F7(body);
            case 8 -> new F8(body);
            case 9 -> new F9(body);
            case 10 -> new F10(body);
            default -> throw new IllegalArgumentException("at most " + MAX_ARITY + " parameters, not " + arity);
        };
    }

    /** What a function does with its arguments. */
    public interface Body extends Function<Object[], Object>, Serializable {
    }

    private static final class F0 extends scala.runtime.AbstractFunction0<Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Body body;

        F0(Body body) {
            this.body = body;
        }

        @Override
        public Object apply() {
            return body.apply(new Object[] {});
        }
    }

    private static final class F1 extends scala.runtime.AbstractFunction1<Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Body body;

        F1(Body body) {
            this.body = body;
        }

        @Override
        public Object apply(Object a0) {
            return body.apply(new Object[] {a0});
        }
    }

    private static final class F2 extends scala.runtime.AbstractFunction2<Object, Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Body body;

        F2(Body body) {
            this.body = body;
        }

        @Override
        public Object apply(Object a0, Object a1) {
            return body.apply(new Object[] {a0, a1});
        }
    }

    private static final class F3 extends scala.runtime.AbstractFunction3<Object, Object, Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Body body;

        F3(Body body) {
            this.body = body;
        }

        @Override
        public Object apply(Object a0, Object a1, Object a2) {
            return body.apply(new Object[] {a0, a1, a2});
        }
    }

    private static final class F4 extends scala.runtime.AbstractFunction4<Object, Object, Object, Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Body body;

        F4(Body body) {
            this.body = body;
        }

        @Override
        public Object apply(Object a0, Object a1, Object a2, Object a3) {
            return body.apply(new Object[] {a0, a1, a2, a3});
        }
    }

    private static final class F5 extends scala.runtime.AbstractFunction5<Object, Object, Object, Object, Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Body body;

        F5(Body body) {
            this.body = body;
        }

        @Override
        public Object apply(Object a0, Object a1, Object a2, Object a3, Object a4) {
            return body.apply(new Object[] {a0, a1, a2, a3, a4});
        }
    }

    private static final class F6 extends scala.runtime.AbstractFunction6<Object, Object, Object, Object, Object, Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Body body;

        F6(Body body) {
            this.body = body;
        }

        @Override
        public Object apply(Object a0, Object a1, Object a2, Object a3, Object a4, Object a5) {
            return body.apply(new Object[] {a0, a1, a2, a3, a4, a5});
        }
    }

    private static final class F7 extends scala.runtime.AbstractFunction7<Object, Object, Object, Object, Object, Object, Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Body body;

        F7(Body body) {
            this.body = body;
        }

        @Override
        public Object apply(Object a0, Object a1, Object a2, Object a3, Object a4, Object a5, Object a6) {
            return body.apply(new Object[] {a0, a1, a2, a3, a4, a5, a6});
        }
    }

    private static final class F8 extends scala.runtime.AbstractFunction8<Object, Object, Object, Object, Object, Object, Object, Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Body body;

        F8(Body body) {
            this.body = body;
        }

        @Override
        public Object apply(Object a0, Object a1, Object a2, Object a3, Object a4, Object a5, Object a6, Object a7) {
            return body.apply(new Object[] {a0, a1, a2, a3, a4, a5, a6, a7});
        }
    }

    private static final class F9 extends scala.runtime.AbstractFunction9<Object, Object, Object, Object, Object, Object, Object, Object, Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Body body;

        F9(Body body) {
            this.body = body;
        }

        @Override
        public Object apply(Object a0, Object a1, Object a2, Object a3, Object a4, Object a5, Object a6, Object a7, Object a8) {
            return body.apply(new Object[] {a0, a1, a2, a3, a4, a5, a6, a7, a8});
        }
    }

    private static final class F10 extends scala.runtime.AbstractFunction10<Object, Object, Object, Object, Object, Object, Object, Object, Object, Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Body body;

        F10(Body body) {
            this.body = body;
        }

        @Override
        public Object apply(Object a0, Object a1, Object a2, Object a3, Object a4, Object a5, Object a6, Object a7, Object a8, Object a9) {
            return body.apply(new Object[] {a0, a1, a2, a3, a4, a5, a6, a7, a8, a9});
        }
    }

}
