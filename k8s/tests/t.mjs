import { renderKustomization, k8sDirectory } from "./rendered-overlay.mjs";
import { schemaViolations } from "./schema-validation.mjs";
for (const o of ["dev","prod"]) { const objs = renderKustomization(`${k8sDirectory}/overlays/${o}`);
 for (const x of objs) { const v = await schemaViolations(x); if (v.length) console.log(v.join("\n")); } console.log(o, "done", objs.length); }
const bad = {apiVersion:"kafka.strimzi.io/v1",kind:"KafkaTopic",metadata:{name:"x"},spec:{partition:3,config:{"retention.ms":5}}};
console.log(await schemaViolations(bad));
const bad2 = {apiVersion:"kafka.strimzi.io/v1",kind:"KafkaNodePool",metadata:{name:"x"},spec:{replicas:1,roles:["broker"],storage:{type:"jbod",volumes:[{id:0,type:"persistent-claim",size:"1Gi",deletClaim:true}]},template:{pod:{affinity:{nodeAfinity:{}}}}}};
console.log(await schemaViolations(bad2));
