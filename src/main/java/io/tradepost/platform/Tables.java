package io.tradepost.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The tables of a module, on its {@code package-info}: those it owns (creates in its migrations and
 * alone writes) and those of other modules that its SQL reads. Spring Modulith sees the Java types a
 * module uses, not the SQL it runs; a test holds every module's SQL to what is declared here.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PACKAGE)
public @interface Tables {

  /** Tables this module owns. */
  String[] owns() default {};

  /** Other modules' tables this module's SQL reads and never writes. */
  String[] reads() default {};

  /** Other modules' tables this module fills in bulk: the seed command, which loads them as their owners would. */
  String[] fills() default {};
}
