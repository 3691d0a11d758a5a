package io.diffood.owndata;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A model set trained and fitted from a folder of labelled colour images, served by the function. */
@QuarkusTest
@QuarkusTestResource(value = OwnModelSetResource.class, restrictToAnnotatedClass = true)
class OwnFolderModelSetTest extends OwnModelSetScoring {
}
