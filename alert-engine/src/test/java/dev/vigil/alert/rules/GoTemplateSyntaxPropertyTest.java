package dev.vigil.alert.rules;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The checker runs on every annotation of every rule file: whatever the text, it must answer with a
 * message or nothing, never throw.
 */
class GoTemplateSyntaxPropertyTest {

  @Provide
  Arbitrary<String> templateLike() {
    return Arbitraries.strings()
        .withChars("{}()|$.\"`'\\-/* \nabifendrangelsx:=,0")
        .ofMaxLength(60);
  }

  @Property(tries = 3000)
  void neverThrows(@ForAll("templateLike") String text) {
    assertThat(GoTemplateSyntax.check(text)).isNotNull();
  }

  @Property(tries = 500)
  void textWithoutActionsIsValid(@ForAll String text) {
    String plain = text.replace('{', '(');
    assertThat(GoTemplateSyntax.check(plain)).isEmpty();
  }
}
