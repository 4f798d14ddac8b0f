/**
 * The exact `--allow-env` list each service task needs: the settings its config sections
 * declare, plus what its drivers read by themselves. `deno.json` spells the lists out (a
 * task line cannot compute them); `service_permissions_test.ts` keeps the two in step, and
 * `deno run scripts/service_permissions.ts <service>` prints a list to paste.
 */
import { sections } from "../shared/config/mod.ts";
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
    sections: ["service", "kafka", "topics", "database", "validation", "anomaly", "detector"],
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
};

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

if (import.meta.main) console.log(allowEnvFor(Deno.args[0] ?? "").join(","));
