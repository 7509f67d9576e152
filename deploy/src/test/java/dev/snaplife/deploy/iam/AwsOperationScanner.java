package dev.snaplife.deploy.iam;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.asm.AnnotationVisitor;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.Handle;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.asm.Type;

/**
 * The AWS operations a service's compiled code can call, named as the SDK names them in {@code
 * snaplife.aws.calls} ({@code Rds}/{@code CreateDBSnapshot}): every call on an SDK client (and
 * every paginator, which calls its operation) in the classes reachable from the service's own
 * package and the platform's auto-configuration, plus the STS AssumeRole an assume-role credentials
 * provider makes, the visibility changes asked of the listener container, plus what the SQS
 * listener container calls on the service's behalf. Classes are followed through code, signatures
 * and annotations ({@code @Import}), so what Spring wires in is included.
 */
public final class AwsOperationScanner {

  /** What Spring Cloud AWS's listener container calls for every service (it is not our code). */
  public static final Set<String> LISTENER_CONTAINER =
      Set.of(
          "Sqs:ReceiveMessage",
          "Sqs:DeleteMessageBatch",
          "Sqs:ChangeMessageVisibilityBatch",
          "Sqs:GetQueueAttributes",
          "Sqs:GetQueueUrl");

  private static final String OURS = "dev/snaplife/";
  private static final String PLATFORM_ROOT =
      "dev/snaplife/platform/EventPlatformAutoConfiguration";
  private static final Pattern CLIENT =
      Pattern.compile("software/amazon/awssdk/services/[a-z0-9]+/(\\w+?)(?:Async)?Client");
  private static final String ASSUME_ROLE_PROVIDER =
      "software/amazon/awssdk/services/sts/auth/StsAssumeRoleCredentialsProvider";

  /** The listener's handle on a message's visibility: it calls ChangeMessageVisibility. */
  private static final String LISTENER_VISIBILITY = "io/awspring/cloud/sqs/listener/Visibility";

  private static final Set<String> NOT_OPERATIONS =
      Set.of(
          "close",
          "serviceName",
          "serviceClientConfiguration",
          "utilities",
          "waiter",
          "builder",
          "create");

  private final ClassLoader loader;

  public AwsOperationScanner(ClassLoader loader) {
    this.loader = loader;
  }

  /**
   * The operations of the service whose classes live under {@code dev.snaplife.<pkg>}, sorted.
   *
   * @param servicePackage e.g. {@code snapshot}
   */
  public Set<String> operationsOf(String servicePackage) {
    Set<String> operations = new TreeSet<>(LISTENER_CONTAINER);
    Set<String> seen = new HashSet<>();
    Deque<String> queue = new ArrayDeque<>(classesIn(OURS + servicePackage + "/"));
    queue.add(PLATFORM_ROOT);
    while (!queue.isEmpty()) {
      String name = queue.poll();
      if (!seen.add(name)) {
        continue;
      }
      byte[] bytes = read(name);
      if (bytes == null) {
        continue;
      }
      Set<String> referenced = new HashSet<>();
      new ClassReader(bytes).accept(new Collector(operations, referenced), 0);
      referenced.stream()
          .filter(r -> r.startsWith(OURS) && !seen.contains(r))
          // Other services' classes are theirs; the platform's and contracts' are shared.
          .filter(r -> r.startsWith(OURS + servicePackage + "/") || !isServiceClass(r))
          .forEach(queue::add);
    }
    return operations;
  }

  private static boolean isServiceClass(String name) {
    return Stream.of("snapshot", "replication", "export", "archive", "notifier")
        .anyMatch(s -> name.startsWith(OURS + s + "/"));
  }

  private byte[] read(String internalName) {
    try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every class under a package, from directories and jars alike. */
  private List<String> classesIn(String packagePath) {
    Set<String> classes = new TreeSet<>();
    try {
      Enumeration<URL> roots = loader.getResources(packagePath);
      while (roots.hasMoreElements()) {
        URL root = roots.nextElement();
        if (root.getProtocol().equals("file")) {
          Path dir = Path.of(root.toURI());
          try (Stream<Path> files = Files.walk(dir)) {
            files
                .filter(f -> f.toString().endsWith(".class"))
                .forEach(
                    f -> {
                      String relative = dir.relativize(f).toString().replace('\\', '/');
                      classes.add(packagePath + relative.substring(0, relative.length() - 6));
                    });
          }
        } else if (root.getProtocol().equals("jar")) {
          try (JarFile jar = ((JarURLConnection) root.openConnection()).getJarFile()) {
            jar.stream()
                .map(JarEntry::getName)
                .filter(n -> n.startsWith(packagePath) && n.endsWith(".class"))
                .forEach(n -> classes.add(n.substring(0, n.length() - 6)));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (classes.isEmpty()) {
      throw new IllegalStateException("no classes under " + packagePath + " on the classpath");
    }
    return List.copyOf(classes);
  }

  /** Collects SDK calls and the classes a class refers to. */
  private static final class Collector extends ClassVisitor {

    private final Set<String> operations;
    private final Set<String> referenced;

    Collector(Set<String> operations, Set<String> referenced) {
      super(Opcodes.ASM9);
      this.operations = operations;
      this.referenced = referenced;
    }

    @Override
    public void visit(
        int version, int access, String name, String signature, String superName, String[] ifs) {
      if (superName != null) {
        referenced.add(superName);
      }
      if (ifs != null) {
        referenced.addAll(List.of(ifs));
      }
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
      descriptorTypes(descriptor);
      return annotationValues();
    }

    /** Classes named in annotations: {@code @Import}, {@code @EnableConfigurationProperties}… */
    private AnnotationVisitor annotationValues() {
      return new AnnotationVisitor(Opcodes.ASM9) {
        @Override
        public void visit(String name, Object value) {
          if (value instanceof Type type && type.getSort() == Type.OBJECT) {
            reference(type.getInternalName());
          }
        }

        @Override
        public AnnotationVisitor visitArray(String name) {
          return this;
        }

        @Override
        public AnnotationVisitor visitAnnotation(String name, String descriptor) {
          return this;
        }
      };
    }

    @Override
    public void visitInnerClass(String name, String outerName, String innerName, int access) {
      referenced.add(name);
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      descriptorTypes(descriptor);
      return new MethodVisitor(Opcodes.ASM9) {
        @Override
        public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
          descriptorTypes(annotation);
          return annotationValues();
        }

        @Override
        public void visitMethodInsn(
            int opcode, String owner, String method, String desc, boolean isInterface) {
          call(owner, method);
          descriptorTypes(desc);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
          reference(type);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String field, String desc) {
          reference(owner);
          descriptorTypes(desc);
        }

        @Override
        public void visitLdcInsn(Object value) {
          if (value instanceof Type type && type.getSort() == Type.OBJECT) {
            reference(type.getInternalName());
          }
        }

        @Override
        public void visitInvokeDynamicInsn(
            String name, String desc, Handle bootstrap, Object... arguments) {
          for (Object argument : arguments) {
            if (argument instanceof Handle handle) {
              call(handle.getOwner(), handle.getName());
            }
          }
        }
      };
    }

    private void call(String owner, String method) {
      reference(owner);
      Matcher client = CLIENT.matcher(owner);
      if (client.matches() && !NOT_OPERATIONS.contains(method) && !method.startsWith("lambda$")) {
        String operation =
            method.endsWith("Paginator") ? method.substring(0, method.length() - 9) : method;
        operations.add(
            client.group(1)
                + ":"
                + Character.toUpperCase(operation.charAt(0))
                + operation.substring(1));
      }
      if (owner.equals(LISTENER_VISIBILITY) && method.startsWith("changeTo")) {
        operations.add("Sqs:ChangeMessageVisibility");
      }
      if (owner.equals(ASSUME_ROLE_PROVIDER)) {
        operations.add("Sts:AssumeRole");
      }
    }

    private void reference(String internalName) {
      if (internalName.startsWith("[")) {
        Type element = Type.getType(internalName).getElementType();
        if (element.getSort() == Type.OBJECT) {
          referenced.add(element.getInternalName());
        }
      } else {
        referenced.add(internalName);
      }
    }

    private void descriptorTypes(String descriptor) {
      Type type = Type.getType(descriptor);
      if (type.getSort() == Type.METHOD) {
        for (Type argument : type.getArgumentTypes()) {
          objectType(argument);
        }
        objectType(type.getReturnType());
      } else {
        objectType(type);
      }
    }

    private void objectType(Type type) {
      Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
      if (element.getSort() == Type.OBJECT) {
        referenced.add(element.getInternalName());
      }
    }
  }
}
