/** The one function of jstat (no bundled types) that calibration uses: the F distribution's CDF. */
declare module "jstat" {
  const jstat: {
    readonly jStat: {
      readonly centralF: { cdf(x: number, df1: number, df2: number): number };
    };
  };
  export default jstat;
}
