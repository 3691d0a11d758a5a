package io.diffood.owndata;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The same from a .tar.gz of the folder (read without unpacking), under a prefix the class rule must look past. */
@QuarkusTest
@QuarkusTestResource(value = OwnModelSetResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "archive", value = "true"))
class OwnArchiveModelSetTest extends OwnModelSetScoring {
}
