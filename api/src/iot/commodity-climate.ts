/**
 * The storage climate each commodity the warehouses hold needs, from the storage practice for it: a bay's probe
 * reading outside its range puts the goods (and the receipts on them) at risk. Hundredths of a degree Celsius and
 * tenths of a percent of relative humidity, as the probes measure. A commodity not listed has no climate rule.
 */
export interface ClimateRange {
  /** Chinese and English names, for the alert's explanation. */
  name: { "zh-CN": string; "en-US": string };
  minCentiCelsius: number;
  maxCentiCelsius: number;
  maxHumidityPermille: number;
}

export const COMMODITY_CLIMATE: Readonly<Record<string, ClimateRange>> = {
  // Lithium carbonate takes up moisture and cakes: dry, ventilated storage, away from heat.
  LI2CO3: { name: { "zh-CN": "碳酸锂", "en-US": "lithium carbonate" }, minCentiCelsius: 0, maxCentiCelsius: 3500, maxHumidityPermille: 600 },
  // Lithium hydroxide absorbs CO2 and water from the air still faster.
  LIOH: { name: { "zh-CN": "氢氧化锂", "en-US": "lithium hydroxide" }, minCentiCelsius: 0, maxCentiCelsius: 3000, maxHumidityPermille: 500 },
  // Copper cathode tarnishes (and is downgraded) in damp air; cold does it no harm.
  CU: { name: { "zh-CN": "电解铜", "en-US": "copper cathode" }, minCentiCelsius: -2000, maxCentiCelsius: 4500, maxHumidityPermille: 700 },
  // Porcelain clay is stored covered; frost breaks up wet clay.
  KAOLIN: { name: { "zh-CN": "瓷土", "en-US": "porcelain clay" }, minCentiCelsius: 100, maxCentiCelsius: 4000, maxHumidityPermille: 850 },
};
