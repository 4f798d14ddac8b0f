/**
 * The exact `--allow-env` list each service task needs: the settings its config sections
 * declare, plus what its drivers read by themselves. `deno.json` spells the lists out (a
 * task line cannot compute them); `service_permissions_test.ts` keeps the two in step, and
 * `deno run scripts/service_permissions.ts <service>` prints a list to paste.
 * `deno run --allow-read=. scripts/service_permissions.ts notifier --webhook <url>` prints
 * the notifier's command with the webhook's host added to its `--allow-net`.
 */
import { loadConfig, sections } from "../shared/config/mod.ts";
import { DB_DRIVER_ENV_VARS } from "../shared/db/mod.ts";
import { KAFKA_DRIVER_ENV_VARS } from "../shared/kafka/mod.ts";

type SectionName = keyof typeof sections;

/** Config sections and drivers of each service. */
export const SERVICES: Record<string, { sections: SectionName[]; kafka: boolean; db: boolean }> = {
  producer: {
    sections: ["service", "kafka", "topics", "validation", "producer"],
    kafka: true,
    db: false,
  },
  consumer: {
    sections: ["service", "kafka", "topics", "database", "validation", "consumer"],
    kafka: true,
    db: true,
  },
  detector: {
    sections: [
      "service",
      "kafka",
      "topics",
      "database",
      "validation",
      "anomaly",
      "alerts",
      "detector",
    ],
    kafka: true,
    db: true,
  },
  maintainer: {
    sections: ["service", "database", "validation", "storage"],
    kafka: false,
    db: true,
  },
  dashboard: {
    sections: ["service", "kafka", "topics", "database", "consumer", "detector", "dashboard"],
    kafka: true,
    db: true,
  },
  notifier: {
    sections: ["service", "kafka", "topics", "notifier"],
    kafka: true,
    db: false,
  },
};

/**
 * Hosts a service's `:docker` task may reach besides Kafka, PostgreSQL and its metrics port:
 * the notifier POSTs to the compose host name `webhook` (docker-compose.yml maps it to the
 * Docker host; ALERT_WEBHOOK_URL=http://webhook:<port>/…).
 */
export const DOCKER_EXTRA_HOSTS: Readonly<Record<string, string>> = { notifier: "webhook" };

/**
 * `args` (a task's `deno` arguments) with `host` added to `--allow-net`: how to run the
 * notifier for a webhook outside loopback without widening its task for everyone.
 */
export function withNetHost(args: readonly string[], host: string): string[] {
  return args.map((arg) => arg.startsWith("--allow-net=") ? `${arg},${host}` : arg);
}

/** The sorted `--allow-env` names for a service. */
export function allowEnvFor(service: string): string[] {
  const spec = SERVICES[service];
  if (!spec) throw new Error(`unknown service ${service}`);
  return allowEnvOf(spec);
}

/** The sorted `--allow-env` names of any task that reads these sections and drivers. */
export function allowEnvOf(
  spec: { sections: SectionName[]; kafka: boolean; db: boolean },
): string[] {
  const names = new Set<string>(["HEARTBEAT_DEBUG"]);
  for (const section of spec.sections) {
    for (const name of Object.keys(sections[section].env.shape)) {
      names.add(name);
    }
  }
  if (spec.kafka) KAFKA_DRIVER_ENV_VARS.forEach((n) => names.add(n));
  if (spec.db) DB_DRIVER_ENV_VARS.forEach((n) => names.add(n));
  return [...names].sort();
}

if (import.meta.main) {
  const [service = "", flag, url = ""] = Deno.args;
  if (flag !== "--webhook") {
    console.log(allowEnvFor(service).join(","));
  } else {
    // `… notifier --webhook <url>` prints the notifier's command with the webhook's host
    // allowed too (checked and reduced to host:port as the notifier does).
    const { taskArgs } = await import("./task_command.ts"); // reads deno.json on import
    const env = (name: string) => name === "ALERT_WEBHOOK_URL" ? url : undefined;
    const webhook = loadConfig({ notifier: sections.notifier }, env).notifier.webhook;
    if (!webhook) throw new Error("usage: service_permissions.ts notifier --webhook <url>");
    console.log(["deno", ...withNetHost(taskArgs(service), webhook.netHost)].join(" "));
  }
}
