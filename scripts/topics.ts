/** `deno task topics`: create missing topics, verify existing ones (partition counts). */
import { loadConfig, sections } from "../shared/config/mod.ts";
import { runMain } from "../shared/cli/run_main.ts";
import { setUpTopics } from "./infra/setup.ts";

await runMain(async () => {
  const config = loadConfig({ kafka: sections.kafka, topics: sections.topics });
  for (const topic of await setUpTopics(config.kafka, config.topics)) {
    console.log(
      `${topic.name.padEnd(24)} ${
        String(topic.partitions).padStart(3)
      } partitions  ${topic.action}`,
    );
  }
});
