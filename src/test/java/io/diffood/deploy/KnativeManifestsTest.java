package io.diffood.deploy;

import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.serving.v1.RevisionSpec;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads every manifest in deploy/ into the fabric8 Knative and Kubernetes model and checks what the deployment
 * relies on: scale to zero, one model batch per pod, the health probes, resources, a locked-down container with
 * a writable /tmp only, the GPU placement, and the event routing.
 */
class KnativeManifestsTest {

    private static final Path DEPLOY = Path.of("deploy");
    /** Where Dockerfile.jvm copies models/. */
    private static final String IMAGE_MODELS = "/deployments/models/";
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    /** diffood.batch.max-size: requests per model batch, and so the concurrency one pod should get. */
    private static final int BATCH_SIZE = 8;

    /**
     * What the function needs after the drain before it exits: joining the batcher's worker (at most 10 s, one model
     * call), writing the answers left (2 s), Quarkus' HTTP shutdown (quarkus.shutdown.timeout, 5 s), closing the
     * models and the JVM (3 s). See GracefulShutdown.
     */
    private static final Duration AFTER_THE_DRAIN = Duration.ofSeconds(20);

    @Test
    void everyManifestParsesIntoTheKnativeModel() throws IOException {
        List<Path> files = manifests();
        assertTrue(files.containsAll(List.of(DEPLOY.resolve("service.yaml"), DEPLOY.resolve("service-gpu.yaml"),
                DEPLOY.resolve("service-cifar10.yaml"), DEPLOY.resolve("broker-trigger.yaml"))), "deploy/ holds " + files);
        for (Path file : files) {
            List<HasMetadata> resources = load(file);
            assertFalse(resources.isEmpty(), file + " is empty");
            for (HasMetadata r : resources) {
                // an unknown apiVersion or kind parses as a generic resource: a typo, or a model we do not check;
                // KServe's InferenceService has no fabric8 model: KServeManifestsTest checks it against KServe's CRD
                assertFalse(r instanceof GenericKubernetesResource && !KServeManifestsTest.isInferenceService(r),
                        file + ": unknown " + r.getApiVersion() + " " + r.getKind());
                assertNotNull(r.getMetadata().getName(), file + ": a " + r.getKind() + " without a name");
            }
        }
    }

    @Test
    void cpuServiceScalesToZeroWithOneBatchPerPod() {
        Service service = diffoodService("service.yaml");
        checkCommon(service);
        assertEquals("cpu", env(container(service), "DIFFOOD_DEVICE"));
        assertFalse(container(service).getResources().getLimits().containsKey("nvidia.com/gpu"));
    }

    @Test
    void gpuServiceAsksForOneGpuOnGpuNodes() {
        Service service = diffoodService("service-gpu.yaml");
        checkCommon(service);
        Container c = container(service);
        assertEquals(new Quantity("1"), c.getResources().getLimits().get("nvidia.com/gpu"), "nvidia.com/gpu limit");
        assertEquals("gpu", env(c, "DIFFOOD_DEVICE"));

        RevisionSpec pod = service.getSpec().getTemplate().getSpec();
        assertEquals("true", pod.getNodeSelector().get("nvidia.com/gpu.present"), "GPU node selector");
        assertTrue(pod.getTolerations().stream().anyMatch(t -> "nvidia.com/gpu".equals(t.getKey())
                && "NoSchedule".equals(t.getEffect())), "toleration of the nvidia.com/gpu taint: " + pod.getTolerations());
    }

    /** The CIFAR-10 model set: the same image as service.yaml, the set chosen by one variable, a folder the image has. */
    @Test
    void cifar10ServiceServesItsModelSetFromTheSameImage() {
        Service service = service("service-cifar10.yaml", "diffood-cifar10");
        checkCommon(service);
        Container c = container(service);
        assertEquals(container(diffoodService("service.yaml")).getImage(), c.getImage(), "the same image");
        String models = env(c, "DIFFOOD_MODELS_PATH");
        assertTrue(models.startsWith(IMAGE_MODELS), models + " lies outside the image's " + IMAGE_MODELS);
        Path folder = Path.of("models").resolve(models.substring(IMAGE_MODELS.length()));
        assertTrue(Files.isDirectory(folder.resolve("ood")) && Files.isDirectory(folder.resolve("denoiser"))
                && Files.isDirectory(folder.resolve("classifier")), folder + " is no complete model set");
    }

    @Test
    void triggersRouteScoreRequestsToDiffoodAndResultsToTheSink() {
        List<HasMetadata> resources = load(DEPLOY.resolve("broker-trigger.yaml"));
        List<Broker> brokers = ofType(resources, Broker.class);
        assertEquals(1, brokers.size(), "one Broker");
        String broker = brokers.get(0).getMetadata().getName();

        Map<String, Trigger> byType = ofType(resources, Trigger.class).stream()
                .collect(Collectors.toMap(t -> t.getSpec().getFilter().getAttributes().get("type"), t -> t));
        assertEquals(Map.of(
                "diffood.score.image", "diffood",
                "diffood.score", "diffood",
                "diffood.score.result", "event-display"),
                byType.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        e -> e.getValue().getSpec().getSubscriber().getRef().getName())),
                "event type -> subscriber");
        for (Trigger t : byType.values()) {
            assertEquals(broker, t.getSpec().getBroker(), t.getMetadata().getName() + " listens to another broker");
            assertEquals(1, t.getSpec().getFilter().getAttributes().size(), t.getMetadata().getName() + " filters on type only");
            assertEquals("serving.knative.dev/v1", t.getSpec().getSubscriber().getRef().getApiVersion());
            assertEquals("Service", t.getSpec().getSubscriber().getRef().getKind());
        }
        // the result sink is deployed with the Triggers
        assertTrue(ofType(resources, Service.class).stream().anyMatch(s -> "event-display".equals(s.getMetadata().getName())),
                "the event-display Service");
    }

    /** What the CPU and the GPU variants share. */
    private static void checkCommon(Service service) {
        Map<String, String> annotations = service.getSpec().getTemplate().getMetadata().getAnnotations();
        assertEquals("0", annotations.get("autoscaling.knative.dev/min-scale"), "min-scale");

        Container c = container(service);
        // fields the model does not know (misspelt keys) land here instead of failing the parse
        assertEquals(Map.of(), service.getSpec().getTemplate().getSpec().getAdditionalProperties(), "unknown pod fields");
        assertEquals(Map.of(), c.getAdditionalProperties(), "unknown container fields");

        assertEquals(Integer.toString(BATCH_SIZE), env(c, "DIFFOOD_BATCH_MAX_SIZE"), "batch size");
        assertEquals(BATCH_SIZE, concurrencyPerPod(service), "concurrency per pod = batch size");

        assertNotNull(c.getReadinessProbe(), "readinessProbe");
        assertNotNull(c.getLivenessProbe(), "livenessProbe");
        assertEquals("/q/health/ready", c.getReadinessProbe().getHttpGet().getPath(), "readiness probe");
        assertEquals("/q/health/live", c.getLivenessProbe().getHttpGet().getPath(), "liveness probe");

        Map<String, Quantity> requests = c.getResources().getRequests();
        Map<String, Quantity> limits = c.getResources().getLimits();
        for (String resource : List.of("cpu", "memory")) {
            assertNotNull(requests.get(resource), resource + " request");
            assertNotNull(limits.get(resource), resource + " limit");
            assertTrue(limits.get(resource).getNumericalAmount().compareTo(requests.get(resource).getNumericalAmount()) >= 0,
                    resource + " limit below its request");
        }

        SecurityContext security = c.getSecurityContext();
        assertNotNull(security, "securityContext");
        assertEquals(Map.of(), security.getAdditionalProperties(), "unknown securityContext fields");
        assertEquals(Boolean.TRUE, security.getRunAsNonRoot(), "runAsNonRoot");
        assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), "readOnlyRootFilesystem");
        assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), "allowPrivilegeEscalation");
        assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), "dropped capabilities");

        // with a read-only root, /tmp must be an emptyDir
        VolumeMount tmp = c.getVolumeMounts().stream().filter(m -> "/tmp".equals(m.getMountPath())).findFirst()
                .orElseThrow(() -> new AssertionError("no volume on /tmp"));
        Volume volume = service.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(tmp.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no volume named " + tmp.getName()));
        assertNotNull(volume.getEmptyDir(), "/tmp is not an emptyDir");
    }

    @Test
    void theGracePeriodCoversTheDrainAndTheDrainCoversTheRequestTimeout() {
        for (String file : List.of("service.yaml", "service-gpu.yaml", "service-cifar10.yaml")) {
            Service service = ofType(load(DEPLOY.resolve(file)), Service.class).get(0);
            RevisionSpec pod = service.getSpec().getTemplate().getSpec();
            Container c = container(service);
            Duration requestTimeout = duration(env(c, "DIFFOOD_LIMITS_REQUEST_TIMEOUT"));
            Duration drain = duration(env(c, "DIFFOOD_SHUTDOWN_DRAIN_TIMEOUT"));
            // Knative refuses terminationGracePeriodSeconds in a Service and sets the pod's from timeoutSeconds
            assertEquals(null, pod.getTerminationGracePeriodSeconds(), file + ": Knative derives it from timeoutSeconds");
            assertNotNull(pod.getTimeoutSeconds(), file + ": timeoutSeconds (the pod's grace period) must be explicit");
            Duration grace = Duration.ofSeconds(pod.getTimeoutSeconds());

            assertTrue(drain.compareTo(requestTimeout) >= 0, file + ": the drain (" + drain + ") must let every accepted "
                    + "request reach its own timeout (" + requestTimeout + ")");
            assertTrue(grace.compareTo(drain.plus(AFTER_THE_DRAIN)) >= 0, file + ": timeoutSeconds " + grace.toSeconds()
                    + " s leaves no time to stop after a drain of " + drain.toSeconds() + " s (+" + AFTER_THE_DRAIN.toSeconds()
                    + " s); the kubelet would kill the JVM in a model call");
            assertTrue(grace.compareTo(requestTimeout) > 0, file + ": the queue-proxy would cut requests before the "
                    + "function's own timeout answers them");
        }
    }

    /** A duration as the function reads it from the environment (SmallRye: "30s", "500ms", "2m", or ISO-8601). */
    private static Duration duration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("p")) {
            return Duration.parse(v.toUpperCase(Locale.ROOT));
        }
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        return Duration.parse("PT" + v.toUpperCase(Locale.ROOT));
    }

    /** The hard limit containerConcurrency when set, else the autoscaler's concurrency target. */
    private static int concurrencyPerPod(Service service) {
        Long hard = service.getSpec().getTemplate().getSpec().getContainerConcurrency();
        if (hard != null && hard > 0) {
            return hard.intValue();
        }
        Map<String, String> annotations = service.getSpec().getTemplate().getMetadata().getAnnotations();
        String metric = annotations.getOrDefault("autoscaling.knative.dev/metric", "concurrency");
        assertEquals("concurrency", metric, "autoscaling metric");
        String target = annotations.get("autoscaling.knative.dev/target");
        assertNotNull(target, "neither containerConcurrency nor autoscaling.knative.dev/target is set");
        return Integer.parseInt(target);
    }

    private static Service diffoodService(String file) {
        return service(file, "diffood"); // the name the Triggers send to
    }

    private static Service service(String file, String name) {
        List<Service> services = ofType(load(DEPLOY.resolve(file)), Service.class);
        assertEquals(1, services.size(), file + " holds one Knative Service");
        Service service = services.get(0);
        assertEquals(name, service.getMetadata().getName(), file + ": the Service's name");
        return service;
    }

    private static Container container(Service service) {
        List<Container> containers = service.getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, containers.size(), "one container");
        return containers.get(0);
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> name.equals(e.getName())).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    private static <T> List<T> ofType(List<HasMetadata> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.list(DEPLOY)) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    /** All documents of a YAML file, typed by their apiVersion and kind. */
    private static List<HasMetadata> load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Object parsed = YAML.unmarshal(in);
            if (parsed instanceof KubernetesList list) {
                return list.getItems();
            }
            if (parsed instanceof List<?> list) {
                return list.stream().map(HasMetadata.class::cast).toList();
            }
            return List.of((HasMetadata) parsed);
        } catch (IOException e) {
            return fail("cannot read " + file, e);
        }
    }
}
